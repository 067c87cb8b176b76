-- Interactions brought in from the history of an old system. Each imported interaction keeps the reference it came
-- with (its id in the old system, or a keyed digest of its row), so that importing the same file again finds it
-- instead of logging it twice.
CREATE TABLE interaction_external_ref (
    ref            VARCHAR(100) PRIMARY KEY,
    interaction_id UUID NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    import_id      UUID,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX interaction_external_ref_interaction_idx ON interaction_external_ref (interaction_id);

-- What an import did to each interaction, so that it can be undone: whether it logged it, the values it replaced
-- (encrypted), and the interaction's version after the import, which tells whether anyone changed it since.
CREATE TABLE interaction_import_effect (
    import_id      UUID    NOT NULL,
    interaction_id UUID    NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    created        BOOLEAN NOT NULL,
    before_values  TEXT,
    version_after  INTEGER NOT NULL,
    PRIMARY KEY (import_id, interaction_id)
);

-- A template maps the columns of one kind of import.
ALTER TABLE import_template ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'CUSTOMERS';
DROP INDEX import_template_name_uq;
CREATE UNIQUE INDEX import_template_name_uq ON import_template (kind, name);

-- Managers bring in interactions as they bring in customers (as the defaults say).
UPDATE role_permission SET operations = operations || ',IMPORT'
 WHERE role = 'MANAGER' AND area = 'INTERACTIONS' AND operations LIKE '%CREATE%' AND operations NOT LIKE '%IMPORT%';
