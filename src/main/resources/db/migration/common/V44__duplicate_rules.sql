-- The rules duplicates are scored by, as an administrator set them: one row, absent until first saved (the
-- defaults apply). weights: REASON=weight pairs separated by commas.
CREATE TABLE duplicate_rules (
    id         INTEGER PRIMARY KEY,
    threshold  DOUBLE PRECISION NOT NULL,
    weights    VARCHAR(2000)    NOT NULL,
    version    INTEGER          NOT NULL DEFAULT 0,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by UUID
);
