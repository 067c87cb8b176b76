-- Interactions: calls, visits, emails, chats and meetings with customers, who took part, and the roll-ups the
-- reports read so that a year of ten million interactions answers at once.

CREATE TABLE interaction (
    id                  UUID PRIMARY KEY,
    customer_id         UUID         NOT NULL,
    subject_type        VARCHAR(16)  NOT NULL,
    subject_id          UUID         NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    direction           VARCHAR(16)  NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_minutes    INTEGER,
    summary             VARCHAR(200) NOT NULL,
    content             VARCHAR(10000),
    outcome             VARCHAR(20)  NOT NULL,
    satisfaction        INTEGER,
    follow_up_succeeded BOOLEAN,
    owner_id            UUID         NOT NULL,
    team_id             UUID,
    task_id             UUID,
    anonymised_at       TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          UUID,
    updated_by          UUID,
    version             INTEGER NOT NULL DEFAULT 0,
    deleted_at          TIMESTAMP WITH TIME ZONE
);
-- The customer's timeline: one range of this index a page, newest first; deleted_at and owner_id ride along so
-- that the filters are answered from the index.
CREATE INDEX interaction_timeline_idx ON interaction (customer_id, started_at DESC, id DESC, deleted_at, owner_id);
-- The list of interactions, newest first, and the same per owner.
CREATE INDEX interaction_started_idx ON interaction (started_at DESC, id DESC);
CREATE INDEX interaction_owner_idx ON interaction (owner_id, started_at DESC, id DESC);
CREATE INDEX interaction_task_idx ON interaction (task_id);

-- Who took part: users of Dossier and contacts of the customer, one row each.
CREATE TABLE interaction_participant (
    id             UUID PRIMARY KEY,
    interaction_id UUID NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    user_id        UUID,
    contact_id     UUID,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     UUID,
    updated_by     UUID,
    version        INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT interaction_participant_one CHECK ((user_id IS NULL) <> (contact_id IS NULL))
);
CREATE INDEX interaction_participant_idx ON interaction_participant (interaction_id);

-- Interactions that are not deleted, counted by day (in the organisation's time zone), channel, owner and team.
-- Kept in the same transaction as every change of an interaction; rebuilt from the interactions on demand.
-- team_id is the zero UUID for owners without a team, so that the key is unique.
CREATE TABLE interaction_daily (
    id                  UUID PRIMARY KEY,
    on_day              DATE        NOT NULL,
    channel             VARCHAR(16) NOT NULL,
    owner_id            UUID        NOT NULL,
    team_id             UUID        NOT NULL,
    interactions        BIGINT      NOT NULL,
    satisfaction_sum    BIGINT      NOT NULL,
    satisfaction_count  BIGINT      NOT NULL,
    follow_up_succeeded BIGINT      NOT NULL,
    follow_up_failed    BIGINT      NOT NULL,
    needs_follow_up     BIGINT      NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          UUID,
    updated_by          UUID,
    version             INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT interaction_daily_key UNIQUE (on_day, channel, owner_id, team_id)
);
CREATE INDEX interaction_daily_owner_idx ON interaction_daily (owner_id, on_day);
CREATE INDEX interaction_daily_team_idx ON interaction_daily (team_id, on_day);

-- Each customer's last interaction and how many there are, with the customer's owner and team: a row for every
-- customer (last_at null for one never contacted), kept on every change of an interaction and of a customer's owner,
-- so that "not contacted for N days" is a range of an index in order, for any record scope, never a scan.
CREATE TABLE customer_contact_summary (
    id           UUID PRIMARY KEY,
    customer_id  UUID NOT NULL,
    owner_id     UUID,
    team_id      UUID,
    last_at      TIMESTAMP WITH TIME ZONE,
    interactions BIGINT NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID,
    updated_by   UUID,
    version      INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT customer_contact_summary_customer UNIQUE (customer_id)
);
CREATE INDEX customer_contact_summary_last_idx ON customer_contact_summary (last_at, customer_id);
CREATE INDEX customer_contact_summary_owner_idx ON customer_contact_summary (owner_id, last_at, customer_id);
CREATE INDEX customer_contact_summary_team_idx ON customer_contact_summary (team_id, last_at, customer_id);
