-- Feedback cases: complaints, defect reports, suggestions and inquiries tracked from intake to closure, with their
-- transitions (append only) and their conversation (replies to the customer, internal notes, customer messages).

-- Case numbers shown as C-000123 (a number lost to a rolled-back opening is never reused).
CREATE SEQUENCE feedback_case_no_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE feedback_case (
    id                       UUID PRIMARY KEY,
    case_no                  BIGINT        NOT NULL,
    customer_id              UUID          NOT NULL,
    contact_id               UUID,
    title                    VARCHAR(200)  NOT NULL,
    description              VARCHAR(8000),
    kind                     VARCHAR(24)   NOT NULL,
    priority                 VARCHAR(8)    NOT NULL,
    category                 VARCHAR(100),
    -- Comma-separated, lower case, without spaces around the commas.
    tags                     VARCHAR(500),
    product_id               UUID,
    product_version_id       UUID,
    order_ref                VARCHAR(100),
    channel                  VARCHAR(16)   NOT NULL,
    status                   VARCHAR(16)   NOT NULL,
    -- True until the case is resolved or closed, true again on reopening: every queue index starts with it.
    active                   BOOLEAN       NOT NULL DEFAULT TRUE,
    assignee_id              UUID,
    team_id                  UUID,
    -- The customer's grade when the case was opened, which the SLA policy is chosen by.
    customer_grade           VARCHAR(16),
    sla_policy_id            UUID,
    first_response_due_at    TIMESTAMP WITH TIME ZONE,
    resolution_due_at        TIMESTAMP WITH TIME ZONE,
    first_responded_at       TIMESTAMP WITH TIME ZONE,
    -- Set while the case waits on the customer: the SLA clocks stand still.
    sla_paused_at            TIMESTAMP WITH TIME ZONE,
    warned_at                TIMESTAMP WITH TIME ZONE,
    escalated_at             TIMESTAMP WITH TIME ZONE,
    first_response_breached  BOOLEAN       NOT NULL DEFAULT FALSE,
    resolution_breached      BOOLEAN       NOT NULL DEFAULT FALSE,
    resolved_at              TIMESTAMP WITH TIME ZONE,
    closed_at                TIMESTAMP WITH TIME ZONE,
    reopen_count             INTEGER       NOT NULL DEFAULT 0,
    resolution               VARCHAR(4000),
    problem_id               UUID,
    csat_score               INTEGER,
    reporter_name            VARCHAR(200),
    reporter_email           VARCHAR(254),
    reporter_phone           VARCHAR(32),
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by               UUID,
    updated_by               UUID,
    version                  INTEGER       NOT NULL DEFAULT 0,
    deleted_at               TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX feedback_case_no_uq ON feedback_case (case_no);
-- The queues, in due order: mine, my team's, unassigned, breaching soon and breached, everything.
CREATE INDEX feedback_case_assignee_idx ON feedback_case (assignee_id, active, resolution_due_at, id);
CREATE INDEX feedback_case_team_idx ON feedback_case (team_id, active, resolution_due_at, id);
CREATE INDEX feedback_case_unassigned_idx ON feedback_case (active, assignee_id, resolution_due_at, id);
CREATE INDEX feedback_case_due_idx ON feedback_case (active, resolution_due_at, id);
-- Breaching soon also lists the cases their policy warned about earlier than four hours ahead.
CREATE INDEX feedback_case_warned_idx ON feedback_case (active, warned_at);
-- The same queues in the order cases came in.
CREATE INDEX feedback_case_created_idx ON feedback_case (active, created_at DESC, id DESC);
-- The customer's dossier and timeline, newest first.
CREATE INDEX feedback_case_customer_idx ON feedback_case (customer_id, created_at DESC, id DESC);
CREATE INDEX feedback_case_problem_idx ON feedback_case (problem_id);
CREATE INDEX feedback_case_product_idx ON feedback_case (product_id, created_at);

CREATE TABLE case_transition (
    id          UUID PRIMARY KEY,
    case_id     UUID        NOT NULL REFERENCES feedback_case (id),
    -- Null for the opening of the case.
    from_status VARCHAR(16),
    to_status   VARCHAR(16) NOT NULL,
    -- Null when the customer or the system made the move.
    actor_id    UUID,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    comment     VARCHAR(4000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX case_transition_case_idx ON case_transition (case_id, at, id);

CREATE TABLE case_message (
    id          UUID PRIMARY KEY,
    case_id     UUID        NOT NULL REFERENCES feedback_case (id),
    -- INTERNAL (staff only), REPLY (to the customer) or CUSTOMER (from the customer).
    kind        VARCHAR(16) NOT NULL,
    body        VARCHAR(8000) NOT NULL,
    -- Null for a message from the customer or the system.
    author_id   UUID,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER     NOT NULL DEFAULT 0,
    deleted_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX case_message_case_idx ON case_message (case_id, created_at, id);
