-- The audit trail: an append-only chain of entries, each hash covering the one before it.
-- seq is given out by the appending transaction from audit_head (not an IDENTITY, whose rolled-back values
-- would leave gaps), so the chain has no holes and a missing entry shows as one.
-- Entries are never edited (only their detail can be redacted), so they carry no version or updated_* columns;
-- occurred_at and actor_id are their created_at and created_by.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL,
    CONSTRAINT audit_head_one_row CHECK (id = 1)
);
-- The head row is written by the first append, so that a new database holds no rows (a restore needs it empty).

CREATE TABLE audit_entry (
    seq            BIGINT PRIMARY KEY,
    id             UUID          NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id       UUID,
    actor_name     VARCHAR(200),
    client_address VARCHAR(64),
    action         VARCHAR(60)   NOT NULL,
    subject_type   VARCHAR(32),
    subject_id     UUID,
    detail         VARCHAR(1000000) NOT NULL,
    detail_digest  VARCHAR(64)   NOT NULL,
    prev_hash      VARCHAR(64)   NOT NULL,
    hash           VARCHAR(64)   NOT NULL,
    redacted       BOOLEAN       NOT NULL DEFAULT FALSE,
    CONSTRAINT audit_entry_id_uq UNIQUE (id)
);
-- The page lists newest first (seq descending) within the filters; each filter has an index ending in seq.
CREATE INDEX audit_entry_occurred_idx ON audit_entry (occurred_at, seq);
CREATE INDEX audit_entry_actor_idx ON audit_entry (actor_id, seq);
CREATE INDEX audit_entry_action_idx ON audit_entry (action, seq);
CREATE INDEX audit_entry_subject_idx ON audit_entry (subject_id, seq);
