-- Privacy: the consent ledger, data-subject requests and their workflow, retention rules and their runs.

-- One row a consent; withdrawal closes the row, a new consent is a new row. Never overwritten.
CREATE TABLE consent (
    id                UUID PRIMARY KEY,
    customer_id       UUID         NOT NULL,
    purpose           VARCHAR(40)  NOT NULL,
    scope             VARCHAR(500),
    channel           VARCHAR(16)  NOT NULL,
    given_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by       UUID,
    evidence          VARCHAR(2000),
    withdrawn_at      TIMESTAMP WITH TIME ZONE,
    withdrawn_by      UUID,
    withdrawal_reason VARCHAR(500),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by        UUID,
    updated_by        UUID,
    version           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX consent_customer_idx ON consent (customer_id, purpose, given_at);

CREATE TABLE subject_request (
    id                  UUID PRIMARY KEY,
    kind                VARCHAR(16)  NOT NULL,
    customer_id         UUID         NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    requester_name      VARCHAR(200) NOT NULL,
    requester_contact   VARCHAR(254),
    description         VARCHAR(2000),
    destination         VARCHAR(16),
    due_on              DATE         NOT NULL,
    assignee_id         UUID,
    verified_by         UUID,
    verified_at         TIMESTAMP WITH TIME ZONE,
    verification_method VARCHAR(500),
    correction          VARCHAR(2000),
    rejection_reason    VARCHAR(1000),
    notes               VARCHAR(4000),
    completed_at        TIMESTAMP WITH TIME ZONE,
    anonymised_at       TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          UUID,
    updated_by          UUID,
    version             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX subject_request_status_idx ON subject_request (status, due_on);
CREATE INDEX subject_request_customer_idx ON subject_request (customer_id);

-- Every step of a request: who moved it from which status to which, when, and why.
CREATE TABLE subject_request_step (
    id          UUID PRIMARY KEY,
    request_id  UUID        NOT NULL REFERENCES subject_request (id) ON DELETE CASCADE,
    from_status VARCHAR(16),
    to_status   VARCHAR(16) NOT NULL,
    remark      VARCHAR(1000),
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by  UUID
);
CREATE INDEX subject_request_step_request_idx ON subject_request_step (request_id, changed_at);

-- Customers whose personal information was erased (by request or by a retention rule): proof, and never twice.
CREATE TABLE customer_erasure (
    customer_id UUID PRIMARY KEY,
    erased_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    erased_by   UUID,
    cause       VARCHAR(16) NOT NULL,
    cause_id    UUID
);

CREATE TABLE retention_rule (
    id              UUID PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    stages          VARCHAR(200) NOT NULL,
    inactive_months INTEGER      NOT NULL,
    action          VARCHAR(16)  NOT NULL,
    enabled         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      UUID,
    updated_by      UUID,
    version         INTEGER NOT NULL DEFAULT 0,
    deleted_at      TIMESTAMP WITH TIME ZONE
);

CREATE TABLE retention_run (
    id           UUID PRIMARY KEY,
    rule_id      UUID         NOT NULL REFERENCES retention_rule (id),
    rule_name    VARCHAR(200) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    customers    INTEGER      NOT NULL DEFAULT 0,
    outcome      VARCHAR(16)  NOT NULL,
    message      VARCHAR(1000),
    triggered_by UUID
);
CREATE INDEX retention_run_started_idx ON retention_run (started_at);
