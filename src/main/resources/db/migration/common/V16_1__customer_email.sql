-- Emails to customers (survey links, case updates): an outbox the notifications module delivers over SMTP with retries.
CREATE TABLE customer_email (
    id           UUID PRIMARY KEY,
    -- The customer it is about; erasing the customer anonymises the row.
    customer_id  UUID,
    to_address   VARCHAR(254)  NOT NULL,
    -- A language tag (en, zh-CN), or null for the installation's default.
    locale       VARCHAR(20),
    subject_key  VARCHAR(100)  NOT NULL,
    body_key     VARCHAR(100)  NOT NULL,
    args         VARCHAR(4000) NOT NULL,
    link         VARCHAR(1000),
    -- Sending the same email twice is a no-op (NULL keys never collide).
    dedup_key    VARCHAR(200),
    status       VARCHAR(16)   NOT NULL,
    attempts     INTEGER       NOT NULL DEFAULT 0,
    next_at      TIMESTAMP WITH TIME ZONE,
    sent_at      TIMESTAMP WITH TIME ZONE,
    last_error   VARCHAR(500),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID,
    updated_by   UUID,
    version      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX customer_email_dedup_uq ON customer_email (dedup_key);
CREATE INDEX customer_email_outbox_idx ON customer_email (status, next_at);
CREATE INDEX customer_email_customer_idx ON customer_email (customer_id);
