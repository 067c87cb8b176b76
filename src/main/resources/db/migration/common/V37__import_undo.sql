-- What an import did to each customer, so that it can be undone: whether it created the customer, the customer's
-- values before the import changed them (encrypted), the contacts it added, and the customer's version after the
-- import, which tells whether anyone changed the customer since.
CREATE TABLE customer_import_effect (
    import_id     UUID    NOT NULL,
    customer_id   UUID    NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    created       BOOLEAN NOT NULL,
    before_values TEXT,
    contact_ids   VARCHAR(4000),
    version_after INTEGER NOT NULL,
    PRIMARY KEY (import_id, customer_id)
);

ALTER TABLE import_job ADD COLUMN undone_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_job ADD COLUMN kept_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_job ADD COLUMN undo_total BIGINT NOT NULL DEFAULT 0;
