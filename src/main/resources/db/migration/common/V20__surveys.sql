-- The public feedback form's rate limit, and satisfaction surveys: CSAT after a case is resolved, NPS to a segment.

-- One row per submission of the public form, by a keyed hash of the client address; old rows are cleared as it goes.
CREATE TABLE public_form_hit (
    id          UUID PRIMARY KEY,
    client_key  VARCHAR(64) NOT NULL,
    hit_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX public_form_hit_client_idx ON public_form_hit (client_key, hit_at);
CREATE INDEX public_form_hit_at_idx ON public_form_hit (hit_at);

-- NPS surveys staff send to a segment of customers.
CREATE TABLE survey (
    id              UUID PRIMARY KEY,
    kind            VARCHAR(8)   NOT NULL,
    name            VARCHAR(200) NOT NULL,
    -- The segment, comma-separated codes; empty matches every value.
    grades          VARCHAR(200) NOT NULL DEFAULT '',
    stages          VARCHAR(200) NOT NULL DEFAULT '',
    customer_types  VARCHAR(100) NOT NULL DEFAULT '',
    tag             VARCHAR(50),
    invited         INTEGER      NOT NULL DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      UUID,
    updated_by      UUID,
    version         INTEGER NOT NULL DEFAULT 0,
    deleted_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX survey_created_idx ON survey (created_at DESC, id DESC);

-- One-time links: the token itself is never stored, only its SHA-256.
CREATE TABLE survey_invitation (
    id           UUID PRIMARY KEY,
    kind         VARCHAR(8)  NOT NULL,
    survey_id    UUID REFERENCES survey (id),
    case_id      UUID,
    customer_id  UUID        NOT NULL,
    token_hash   VARCHAR(64) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at  TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   UUID,
    updated_by   UUID,
    version      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX survey_invitation_token_uq ON survey_invitation (token_hash);
-- One CSAT survey per case; one NPS invitation per survey and customer (NULLs never collide).
CREATE UNIQUE INDEX survey_invitation_case_uq ON survey_invitation (case_id);
CREATE UNIQUE INDEX survey_invitation_survey_uq ON survey_invitation (survey_id, customer_id);
CREATE INDEX survey_invitation_customer_idx ON survey_invitation (customer_id);

CREATE TABLE survey_response (
    id             UUID PRIMARY KEY,
    invitation_id  UUID        NOT NULL REFERENCES survey_invitation (id),
    kind           VARCHAR(8)  NOT NULL,
    survey_id      UUID,
    case_id        UUID,
    customer_id    UUID        NOT NULL,
    score          INTEGER     NOT NULL,
    comment        VARCHAR(2000),
    answered_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     UUID,
    updated_by     UUID,
    version        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX survey_response_invitation_uq ON survey_response (invitation_id);
CREATE INDEX survey_response_survey_idx ON survey_response (survey_id);
CREATE INDEX survey_response_customer_idx ON survey_response (customer_id, answered_at DESC);
-- The measures: answers per kind over a period.
CREATE INDEX survey_response_kind_idx ON survey_response (kind, answered_at);
