-- Imports of customers from files. The file itself is kept (encrypted, in chunks) until the import is done with it,
-- so that any instance can run or resume the import; each batch of rows commits with the job's counters, so a
-- restart resumes after the last committed batch.
CREATE TABLE import_job (
    id              UUID PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL,
    file_name       VARCHAR(255) NOT NULL,
    file_size       BIGINT       NOT NULL,
    file_hash       VARCHAR(64)  NOT NULL,
    format          VARCHAR(8)   NOT NULL,
    encoding        VARCHAR(16)  NOT NULL,
    delimiter       VARCHAR(1)   NOT NULL,
    headers         TEXT         NOT NULL,
    mapping         TEXT         NOT NULL,
    on_duplicate    VARCHAR(16)  NOT NULL,
    owner_rule      VARCHAR(16)  NOT NULL,
    owner_id        UUID,
    team_id         UUID,
    state           VARCHAR(16)  NOT NULL,
    phase           VARCHAR(16)  NOT NULL,
    rows_total      BIGINT       NOT NULL DEFAULT 0,
    rows_done       BIGINT       NOT NULL DEFAULT 0,
    created_count   BIGINT       NOT NULL DEFAULT 0,
    updated_count   BIGINT       NOT NULL DEFAULT 0,
    unchanged_count BIGINT       NOT NULL DEFAULT 0,
    skipped_count   BIGINT       NOT NULL DEFAULT 0,
    invalid_count   BIGINT       NOT NULL DEFAULT 0,
    duplicate_count BIGINT       NOT NULL DEFAULT 0,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    error           VARCHAR(500),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      UUID         NOT NULL,
    updated_by      UUID,
    version         INTEGER      NOT NULL DEFAULT 0
);
CREATE INDEX import_job_created_by_idx ON import_job (created_by, created_at);
CREATE INDEX import_job_created_idx ON import_job (created_at, id);

CREATE TABLE import_chunk (
    import_id UUID    NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    data      TEXT    NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- What went wrong with a row (or what a preview found): the row number, the field and a message key; the row's
-- own values, encrypted, so that the error report can be fixed and imported again.
CREATE TABLE import_problem (
    import_id  UUID         NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    phase      VARCHAR(16)  NOT NULL,
    line       BIGINT       NOT NULL,
    position   INTEGER      NOT NULL,
    field      VARCHAR(100) NOT NULL,
    code       VARCHAR(100) NOT NULL,
    args       VARCHAR(200),
    row_values TEXT,
    PRIMARY KEY (import_id, phase, line, position)
);

-- Where each imported customer came from: importing the same rows again finds them by their reference instead of
-- creating them twice. The last import that created or changed the customer is kept beside it.
CREATE TABLE customer_external_ref (
    ref         VARCHAR(100) PRIMARY KEY,
    customer_id UUID NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    import_id   UUID,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX customer_external_ref_customer_idx ON customer_external_ref (customer_id);
CREATE INDEX customer_external_ref_import_idx ON customer_external_ref (import_id);

-- Where a change came from (IMPORT for rows brought in from a file; null for a person at a form or the API).
ALTER TABLE customer_change ADD COLUMN source VARCHAR(16);

-- The new import right: administrators have every right, managers import customers (as the defaults say).
UPDATE role_permission SET operations = operations || ',IMPORT'
 WHERE role = 'ADMINISTRATOR' OR (role = 'MANAGER' AND area = 'CUSTOMERS' AND operations LIKE '%CREATE%');
