-- What users are told: each recipient's bell, and the email outbox that delivers it over SMTP.
CREATE TABLE notification (
    id             UUID PRIMARY KEY,
    recipient_id   UUID          NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind           VARCHAR(32)   NOT NULL,
    message_key    VARCHAR(100)  NOT NULL,
    args           VARCHAR(4000) NOT NULL,
    link           VARCHAR(500),
    customer_id    UUID,
    actor_id       UUID,
    dedup_key      VARCHAR(200),
    read_at        TIMESTAMP WITH TIME ZONE,
    email_status   VARCHAR(16)   NOT NULL,
    email_attempts INTEGER       NOT NULL DEFAULT 0,
    email_next_at  TIMESTAMP WITH TIME ZONE,
    emailed_at     TIMESTAMP WITH TIME ZONE,
    email_error    VARCHAR(500),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     UUID,
    updated_by     UUID,
    version        INTEGER NOT NULL DEFAULT 0
);
-- The same notice reaches a recipient once (NULL keys never collide).
CREATE UNIQUE INDEX notification_dedup_uq ON notification (recipient_id, dedup_key);
CREATE INDEX notification_recipient_idx ON notification (recipient_id, created_at DESC, id DESC);
CREATE INDEX notification_unread_idx ON notification (recipient_id, read_at);
CREATE INDEX notification_outbox_idx ON notification (email_status, email_next_at);
CREATE INDEX notification_customer_idx ON notification (customer_id);
