-- Problems (known defects) that group customer reports, their status history, and the webhooks that hand them to
-- the product team's tracker and bring its answers back.

CREATE SEQUENCE problem_no_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE problem (
    id                 UUID PRIMARY KEY,
    -- Shown as P-00042; taken from problem_no_seq.
    problem_no         BIGINT        NOT NULL UNIQUE,
    title              VARCHAR(200)  NOT NULL,
    description        VARCHAR(8000),
    product_id         UUID,
    product_version_id UUID,
    reproduction_steps VARCHAR(8000),
    -- CRITICAL, MAJOR, MINOR or TRIVIAL
    severity           VARCHAR(16)   NOT NULL,
    -- OPEN, HANDED_OFF, IN_PROGRESS, FIXED, WONT_FIX or CLOSED
    status             VARCHAR(16)   NOT NULL,
    -- The issue in the product team's tracker, e.g. acme/app#123 or PROJ-42, and its address.
    external_ref       VARCHAR(200),
    external_url       VARCHAR(1000),
    fixed_in_version   VARCHAR(100),
    handed_off_at      TIMESTAMP WITH TIME ZONE,
    fixed_at           TIMESTAMP WITH TIME ZONE,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by         UUID,
    updated_by         UUID,
    version            INTEGER NOT NULL DEFAULT 0,
    deleted_at         TIMESTAMP WITH TIME ZONE
);
-- The list, newest first, whole or by status, product or severity.
CREATE INDEX problem_list_idx ON problem (problem_no DESC);
CREATE INDEX problem_status_idx ON problem (status, problem_no DESC);
CREATE INDEX problem_product_idx ON problem (product_id, problem_no DESC);
CREATE INDEX problem_severity_idx ON problem (severity, problem_no DESC);

-- Every status change of a problem, by a person (actor_id), the system or the tracker (source WEBHOOK). Append only.
CREATE TABLE problem_transition (
    id          UUID PRIMARY KEY,
    problem_id  UUID NOT NULL REFERENCES problem (id),
    from_status VARCHAR(16),
    to_status   VARCHAR(16) NOT NULL,
    actor_id    UUID,
    source      VARCHAR(16) NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    comment     VARCHAR(4000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX problem_transition_problem_idx ON problem_transition (problem_id, at);

-- Where events are sent. The secret signs every delivery; it is stored encrypted and shown once only.
CREATE TABLE webhook_endpoint (
    id         UUID PRIMARY KEY,
    name       VARCHAR(200)  NOT NULL,
    url        VARCHAR(1000) NOT NULL,
    secret     VARCHAR(500)  NOT NULL,
    -- Event types, comma-separated, e.g. problem.handed_off,problem.status_changed
    events     VARCHAR(500)  NOT NULL,
    active     BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by UUID,
    updated_by UUID,
    version    INTEGER NOT NULL DEFAULT 0,
    deleted_at TIMESTAMP WITH TIME ZONE
);

-- One event to one endpoint, with its attempts. The idempotency key makes publishing an event twice a no-op.
CREATE TABLE webhook_delivery (
    id               UUID PRIMARY KEY,
    endpoint_id      UUID         NOT NULL REFERENCES webhook_endpoint (id),
    event_type       VARCHAR(100) NOT NULL,
    payload          TEXT         NOT NULL,
    idempotency_key  VARCHAR(200) NOT NULL,
    -- PENDING, DELIVERED or FAILED
    status           VARCHAR(16)  NOT NULL,
    attempts         INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_status      INTEGER,
    last_error       VARCHAR(1000),
    response_excerpt VARCHAR(2000),
    delivered_at     TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       UUID,
    updated_by       UUID,
    version          INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT webhook_delivery_key_uq UNIQUE (endpoint_id, idempotency_key)
);
-- The sender's claim, and the delivery log newest first.
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (status, next_attempt_at);
CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (created_at DESC, id DESC);

-- Systems allowed to call the inbound webhook, each with its own signing secret (stored encrypted).
CREATE TABLE inbound_hook (
    id         UUID PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    secret     VARCHAR(500) NOT NULL,
    active     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by UUID,
    updated_by UUID,
    version    INTEGER NOT NULL DEFAULT 0,
    deleted_at TIMESTAMP WITH TIME ZONE
);

-- Every accepted inbound call: which system, about which problem, what it said. Append only.
CREATE TABLE inbound_hook_call (
    id          UUID PRIMARY KEY,
    hook_id     UUID NOT NULL REFERENCES inbound_hook (id),
    problem_id  UUID NOT NULL REFERENCES problem (id),
    to_status   VARCHAR(16),
    body        VARCHAR(8000) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inbound_hook_call_idx ON inbound_hook_call (received_at DESC);
