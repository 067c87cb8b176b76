-- Service levels: work calendars (working hours, holidays, make-up working days) and SLA policies by case kind,
-- customer grade and priority. The default calendar is written on first use.

CREATE TABLE work_calendar (
    id          UUID PRIMARY KEY,
    -- A stable code for the calendar written on first use ('standard'); null for calendars made by hand.
    code        VARCHAR(32) UNIQUE,
    name        VARCHAR(100) NOT NULL,
    zone        VARCHAR(64)  NOT NULL,
    -- Hours by day of the week, e.g. 'MON-FRI 09:00-12:00,13:30-18:00;SAT 10:00-14:00'.
    week_hours  VARCHAR(500) NOT NULL,
    is_default  BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0,
    deleted_at  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE work_calendar_day (
    id          UUID PRIMARY KEY,
    calendar_id UUID NOT NULL REFERENCES work_calendar (id),
    on_date     DATE NOT NULL,
    -- HOLIDAY (a date off) or WORKDAY (a make-up working day).
    kind        VARCHAR(8) NOT NULL,
    name        VARCHAR(100),
    -- A workday's hours like '09:00-12:00,13:30-18:00'; null for the calendar's standard hours.
    hours       VARCHAR(200),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX work_calendar_day_uq ON work_calendar_day (calendar_id, on_date);

CREATE TABLE sla_policy (
    id                       UUID PRIMARY KEY,
    name                     VARCHAR(200) NOT NULL,
    -- What the policy applies to; null for any.
    case_kind                VARCHAR(24),
    customer_grade           VARCHAR(16),
    priority                 VARCHAR(8),
    first_response_minutes   INTEGER NOT NULL,
    resolution_minutes       INTEGER NOT NULL,
    warn_before_minutes      INTEGER NOT NULL,
    -- The calendar the minutes are counted on; null for the default calendar.
    calendar_id              UUID REFERENCES work_calendar (id),
    escalate_notify_manager  BOOLEAN NOT NULL DEFAULT TRUE,
    escalate_raise_priority  BOOLEAN NOT NULL DEFAULT FALSE,
    escalate_to_user_id      UUID,
    escalate_to_team_id      UUID,
    active                   BOOLEAN NOT NULL DEFAULT TRUE,
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by               UUID,
    updated_by               UUID,
    version                  INTEGER NOT NULL DEFAULT 0,
    deleted_at               TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sla_policy_active_idx ON sla_policy (active, case_kind, customer_grade, priority);
