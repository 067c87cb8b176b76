-- Tasks: to-dos, follow-ups and verifications about a customer (or about nothing), their reminders and recurrence,
-- and recurring programmes that give every matching customer a task.

CREATE TABLE task_programme (
    id              UUID PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    title           VARCHAR(200) NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    priority        VARCHAR(8)   NOT NULL,
    -- Filters on the customer, comma-separated codes; empty matches every value.
    grades          VARCHAR(200) NOT NULL DEFAULT '',
    stages          VARCHAR(200) NOT NULL DEFAULT '',
    customer_types  VARCHAR(100) NOT NULL DEFAULT '',
    recurrence      VARCHAR(100) NOT NULL,
    assignee_rule   VARCHAR(16)  NOT NULL,
    first_due_days  INTEGER      NOT NULL DEFAULT 7,
    enabled         BOOLEAN      NOT NULL DEFAULT TRUE,
    last_run_at     TIMESTAMP WITH TIME ZONE,
    last_run_tasks  INTEGER,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      UUID,
    updated_by      UUID,
    version         INTEGER NOT NULL DEFAULT 0,
    deleted_at      TIMESTAMP WITH TIME ZONE
);

CREATE TABLE task (
    id               UUID PRIMARY KEY,
    -- What the task is about (customer, contact, note, interaction, task), and the customer that resolves to.
    subject_type     VARCHAR(32),
    subject_id       UUID,
    customer_id      UUID,
    title            VARCHAR(200) NOT NULL,
    description      VARCHAR(4000),
    kind             VARCHAR(16)  NOT NULL,
    priority         VARCHAR(8)   NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    -- The person who does it, or null for a team queue; team_id is the assignee's team or the queue.
    assignee_id      UUID,
    team_id          UUID,
    due_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Minutes before the due time to remind; null for no notices at all, 0 for only the one at the due time.
    reminder_minutes INTEGER,
    -- The next notice to send (a reminder before the due time, or the due notice itself); null when none is left.
    remind_at        TIMESTAMP WITH TIME ZONE,
    recurrence       VARCHAR(100),
    -- The task whose completion created this one: unique, so a recurring task is continued once only.
    previous_task_id UUID,
    programme_id     UUID REFERENCES task_programme (id),
    completed_at     TIMESTAMP WITH TIME ZONE,
    completed_by     UUID,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       UUID,
    updated_by       UUID,
    version          INTEGER NOT NULL DEFAULT 0,
    deleted_at       TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX task_previous_uq ON task (previous_task_id);
-- The customer's timeline, newest due first.
CREATE INDEX task_timeline_idx ON task (customer_id, due_at DESC, id DESC);
-- The lists: by assignee, by team, and everything, in due order.
CREATE INDEX task_assignee_idx ON task (assignee_id, due_at, id);
CREATE INDEX task_team_idx ON task (team_id, due_at, id);
CREATE INDEX task_due_idx ON task (due_at, id);
-- The reminder scheduler's claim.
CREATE INDEX task_remind_idx ON task (remind_at);
CREATE INDEX task_programme_idx ON task (programme_id, customer_id, status);
