-- The service measures for readers who see every case, rolled up per opening day (in the organisation's time zone)
-- so that a year reads these small rows instead of every case. Each table holds exactly what one query of the
-- measures groups, per day × kind × priority × team (team_id NULL: no team). The rows of a day are recomputed
-- from the cases whenever one of its cases changed; the cases opened since the start of the last refresh's day
-- are read directly.

-- One row, written on the first refresh: how far the roll-up is, and the lock two refreshes take in turn.
CREATE TABLE case_rollup_state (
    id          INTEGER PRIMARY KEY,
    watermark   TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);

-- The counts: cases, first responses due and answered (unanswered ones fall due with time and are read from the
-- cases), in time, resolved, reopened, satisfaction answers.
CREATE TABLE case_measure_day (
    id                 UUID PRIMARY KEY,
    on_day             DATE        NOT NULL,
    kind               VARCHAR(24) NOT NULL,
    priority           VARCHAR(8)  NOT NULL,
    team_id            UUID,
    cases              BIGINT      NOT NULL,
    answered_due       BIGINT      NOT NULL,
    responded_in_time  BIGINT      NOT NULL,
    resolved           BIGINT      NOT NULL,
    resolution_due     BIGINT      NOT NULL,
    resolved_in_time   BIGINT      NOT NULL,
    ever_resolved      BIGINT      NOT NULL,
    reopened           BIGINT      NOT NULL,
    csat_sum           BIGINT      NOT NULL,
    csat_count         BIGINT      NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by         UUID,
    updated_by         UUID,
    version            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_measure_day_idx ON case_measure_day (on_day);

-- Times to the first response (FIRST) and to resolution (RESOLUTION) in the buckets of the measures: how many and
-- the sum of their minutes.
CREATE TABLE case_duration_day (
    id          UUID PRIMARY KEY,
    on_day      DATE        NOT NULL,
    kind        VARCHAR(24) NOT NULL,
    priority    VARCHAR(8)  NOT NULL,
    team_id     UUID,
    measure     VARCHAR(10) NOT NULL,
    bucket      INTEGER     NOT NULL,
    durations   BIGINT      NOT NULL,
    minutes     DOUBLE PRECISION NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_duration_day_idx ON case_duration_day (on_day, measure);

-- The same per month (on_month: its first day), added up from the days, for the whole months of a period.
CREATE TABLE case_duration_month (
    id          UUID PRIMARY KEY,
    on_month    DATE        NOT NULL,
    kind        VARCHAR(24) NOT NULL,
    priority    VARCHAR(8)  NOT NULL,
    team_id     UUID,
    measure     VARCHAR(10) NOT NULL,
    bucket      INTEGER     NOT NULL,
    durations   BIGINT      NOT NULL,
    minutes     DOUBLE PRECISION NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_duration_month_idx ON case_duration_month (on_month, measure);

-- Cases per category (for the rising categories).
CREATE TABLE case_category_day (
    id          UUID PRIMARY KEY,
    on_day      DATE         NOT NULL,
    kind        VARCHAR(24)  NOT NULL,
    priority    VARCHAR(8)   NOT NULL,
    team_id     UUID,
    category    VARCHAR(100) NOT NULL,
    reports     BIGINT       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_category_day_idx ON case_category_day (on_day);

-- Defect reports per product and version.
CREATE TABLE case_defect_day (
    id                  UUID PRIMARY KEY,
    on_day              DATE       NOT NULL,
    priority            VARCHAR(8) NOT NULL,
    team_id             UUID,
    product_id          UUID       NOT NULL,
    product_version_id  UUID,
    reports             BIGINT     NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          UUID,
    updated_by          UUID,
    version             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_defect_day_idx ON case_defect_day (on_day);

-- Which cases changed since the last refresh.
CREATE INDEX feedback_case_updated_idx ON feedback_case (updated_at);
-- The unanswered cases of a period, whose first response falls due with time.
CREATE INDEX feedback_case_unanswered_idx ON feedback_case (first_responded_at, created_at);
