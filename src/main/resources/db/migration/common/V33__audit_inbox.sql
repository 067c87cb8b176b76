-- Audit entries wait here, written by the transaction that did what they record (no lock, so appends never wait
-- for each other), until one writer links them into the chain in batches: it takes audit_head's lock once a batch,
-- moves the batch into audit_entry and deletes it here. An entry is on disk as soon as its transaction commits.
CREATE TABLE audit_inbox (
    id             UUID PRIMARY KEY,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id       UUID,
    actor_name     VARCHAR(200),
    client_address VARCHAR(64),
    action         VARCHAR(60)   NOT NULL,
    subject_type   VARCHAR(32),
    subject_id     UUID,
    detail         VARCHAR(1000000) NOT NULL
);
CREATE INDEX audit_inbox_order ON audit_inbox (received_at, id);
