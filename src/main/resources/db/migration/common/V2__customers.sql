-- Customer dossiers: customers, their contacts, contact points, tags, search terms and history.
CREATE TABLE tag (
    id         UUID PRIMARY KEY,
    name       VARCHAR(50) NOT NULL,
    color      VARCHAR(7)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by UUID,
    updated_by UUID,
    version    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tag_name_uq ON tag (name);

CREATE TABLE customer (
    id              UUID PRIMARY KEY,
    type            VARCHAR(16)  NOT NULL,
    name            VARCHAR(200) NOT NULL,
    sort_name       VARCHAR(200) NOT NULL,
    legal_name      VARCHAR(200),
    gender          VARCHAR(16),
    birth_date      DATE,
    industry        VARCHAR(32),
    company_size    VARCHAR(16),
    website         VARCHAR(300),
    grade           VARCHAR(16)  NOT NULL,
    lifecycle_stage VARCHAR(16)  NOT NULL,
    region          VARCHAR(32),
    source_channel  VARCHAR(32),
    country         VARCHAR(2),
    province        VARCHAR(50),
    city            VARCHAR(50),
    district        VARCHAR(50),
    address_line    VARCHAR(300),
    postal_code     VARCHAR(20),
    owner_id        UUID,
    team_id         UUID,
    remarks         VARCHAR(2000),
    primary_phone   VARCHAR(32),
    primary_email   VARCHAR(254),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      UUID,
    updated_by      UUID,
    version         INTEGER NOT NULL DEFAULT 0,
    deleted_at      TIMESTAMP WITH TIME ZONE
);
-- Keyset orders of the list page (active records only are listed; deleted_at leads so both halves stay ordered).
CREATE INDEX customer_sort_name_idx ON customer (deleted_at, sort_name, id);
CREATE INDEX customer_updated_idx ON customer (deleted_at, updated_at, id);
CREATE INDEX customer_created_idx ON customer (deleted_at, created_at, id);
CREATE INDEX customer_owner_idx ON customer (owner_id, sort_name, id);
CREATE INDEX customer_team_idx ON customer (team_id, sort_name, id);
CREATE INDEX customer_grade_idx ON customer (grade, sort_name, id);
CREATE INDEX customer_stage_idx ON customer (lifecycle_stage, sort_name, id);
CREATE INDEX customer_region_idx ON customer (region, sort_name, id);
CREATE INDEX customer_industry_idx ON customer (industry, sort_name, id);

CREATE TABLE customer_tag (
    customer_id UUID NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    tag_id      UUID NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, tag_id)
);
CREATE INDEX customer_tag_tag_idx ON customer_tag (tag_id, customer_id);

CREATE TABLE contact (
    id            UUID PRIMARY KEY,
    customer_id   UUID         NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    name          VARCHAR(200) NOT NULL,
    gender        VARCHAR(16),
    birth_date    DATE,
    job_title     VARCHAR(100),
    department    VARCHAR(100),
    decision_role VARCHAR(32),
    remarks       VARCHAR(2000),
    primary_phone VARCHAR(32),
    primary_email VARCHAR(254),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    UUID,
    updated_by    UUID,
    version       INTEGER NOT NULL DEFAULT 0,
    deleted_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX contact_customer_idx ON contact (customer_id, name);

-- Phones, emails and social accounts of a customer or of one of its contacts (owner_id).
CREATE TABLE contact_point (
    customer_id UUID         NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    owner_id    UUID         NOT NULL,
    kind        VARCHAR(8)   NOT NULL,
    position    INTEGER      NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    point_value VARCHAR(254) NOT NULL,
    PRIMARY KEY (owner_id, kind, position)
);
CREATE INDEX contact_point_customer_idx ON contact_point (customer_id);

-- Quick-search terms: suffixes of names, pinyin and phone digits, so that a prefix range finds any fragment.
-- rank: 0 when the term starts the name, number or address, 1 inside it; contacts' terms rank 2 and 3.
CREATE TABLE customer_search_term (
    term        VARCHAR(64) NOT NULL,
    customer_id UUID        NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    rank        SMALLINT    NOT NULL,
    PRIMARY KEY (term, customer_id)
);
CREATE INDEX customer_search_term_customer_idx ON customer_search_term (customer_id);

CREATE TABLE lifecycle_transition (
    id          UUID PRIMARY KEY,
    customer_id UUID        NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    from_stage  VARCHAR(16),
    to_stage    VARCHAR(16) NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by  UUID
);
CREATE INDEX lifecycle_transition_customer_idx ON lifecycle_transition (customer_id, changed_at);

-- What changed on a dossier: one row a change, one row a changed field.
CREATE TABLE customer_change (
    id            UUID PRIMARY KEY,
    customer_id   UUID         NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    subject_kind  VARCHAR(16)  NOT NULL,
    subject_id    UUID         NOT NULL,
    subject_label VARCHAR(200) NOT NULL,
    action        VARCHAR(16)  NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by    UUID
);
CREATE INDEX customer_change_customer_idx ON customer_change (customer_id, changed_at);

CREATE TABLE customer_change_field (
    change_id UUID        NOT NULL REFERENCES customer_change (id) ON DELETE CASCADE,
    position  INTEGER     NOT NULL,
    field     VARCHAR(64) NOT NULL,
    old_value VARCHAR(2000),
    new_value VARCHAR(2000),
    PRIMARY KEY (change_id, position)
);
