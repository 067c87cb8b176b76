-- Exports written in the background: the file is kept (encrypted, in chunks) until it expires, so that any instance
-- can serve its download. updated_at moves while it is written; a run whose instance stopped is found by its age.
CREATE TABLE export_job (
    id           UUID PRIMARY KEY,
    kind         VARCHAR(32)   NOT NULL,
    file_name    VARCHAR(255)  NOT NULL,
    content_type VARCHAR(128)  NOT NULL,
    description  VARCHAR(2000) NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    rows_done    BIGINT        NOT NULL DEFAULT 0,
    file_size    BIGINT        NOT NULL DEFAULT 0,
    error        VARCHAR(500),
    created_by   UUID          NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX export_job_created_by_idx ON export_job (created_by, created_at);
CREATE INDEX export_job_expires_idx ON export_job (expires_at);

CREATE TABLE export_chunk (
    export_id UUID    NOT NULL REFERENCES export_job (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    data      TEXT    NOT NULL,
    PRIMARY KEY (export_id, seq)
);
