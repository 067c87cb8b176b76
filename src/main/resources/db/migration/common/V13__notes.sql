-- Notes: templates with sections, notes written to them (with every earlier version kept), standard terms, and
-- comments on any subject. Shipped templates are written by the application on first use, never here.

CREATE TABLE note_template (
    id          UUID PRIMARY KEY,
    -- Shipped templates carry a code and take their name from the messages; administrators' ones carry a name.
    code        VARCHAR(40),
    name        VARCHAR(200),
    retired_at  TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX note_template_code_uq ON note_template (code);

CREATE TABLE note_template_section (
    id             UUID PRIMARY KEY,
    template_id    UUID    NOT NULL REFERENCES note_template (id),
    sort_order     INTEGER NOT NULL,
    code           VARCHAR(40),
    title          VARCHAR(200),
    required       BOOLEAN NOT NULL DEFAULT FALSE,
    -- Removed sections stay so that notes written to them keep their headings.
    deleted_at     TIMESTAMP WITH TIME ZONE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     UUID,
    updated_by     UUID,
    version        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX note_template_section_template_idx ON note_template_section (template_id, sort_order);

CREATE TABLE note (
    id                 UUID PRIMARY KEY,
    customer_id        UUID        NOT NULL,
    subject_type       VARCHAR(32) NOT NULL,
    subject_id         UUID        NOT NULL,
    template_id        UUID        NOT NULL REFERENCES note_template (id),
    category           VARCHAR(20) NOT NULL,
    tags               VARCHAR(500),
    excerpt            VARCHAR(500),
    -- Non-standard words found on the last save, as "word=standard" lines; null when none.
    nonstandard_terms  VARCHAR(2000),
    author_id          UUID,
    team_id            UUID,
    -- When what the note is about happened (an interaction's time, passed by its page), else when it was written.
    occurred_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Minutes between occurred_at and writing: the note-quality report calls a note late from this.
    lag_minutes        INTEGER     NOT NULL DEFAULT 0,
    edited_at          TIMESTAMP WITH TIME ZONE,
    edited_by          UUID,
    deleted_at         TIMESTAMP WITH TIME ZONE,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by         UUID,
    updated_by         UUID,
    version            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX note_customer_time_idx ON note (customer_id, created_at DESC, id DESC);
CREATE INDEX note_subject_idx ON note (subject_type, subject_id, created_at DESC, id DESC);
CREATE INDEX note_author_idx ON note (author_id, created_at);
CREATE INDEX note_team_idx ON note (team_id, created_at);

CREATE TABLE note_section (
    id          UUID PRIMARY KEY,
    note_id     UUID    NOT NULL REFERENCES note (id),
    section_id  UUID    NOT NULL REFERENCES note_template_section (id),
    body        VARCHAR(20000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX note_section_uq ON note_section (note_id, section_id);

-- Every save keeps what the note said before it.
CREATE TABLE note_revision (
    id          UUID PRIMARY KEY,
    note_id     UUID    NOT NULL REFERENCES note (id),
    revision    INTEGER NOT NULL,
    category    VARCHAR(20) NOT NULL,
    tags        VARCHAR(500),
    -- The sections as they were: JSON [{"sectionId":…,"title":…,"body":…}].
    content     VARCHAR(200000) NOT NULL,
    written_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    written_by  UUID,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX note_revision_uq ON note_revision (note_id, revision);

CREATE TABLE note_term (
    id          UUID PRIMARY KEY,
    term        VARCHAR(100) NOT NULL,
    category    VARCHAR(100),
    -- Words to avoid in favour of the term, one a line.
    synonyms    VARCHAR(2000),
    deleted_at  TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    updated_by  UUID,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX note_term_term_idx ON note_term (term);

CREATE TABLE note_comment (
    id            UUID PRIMARY KEY,
    customer_id   UUID        NOT NULL,
    subject_type  VARCHAR(32) NOT NULL,
    subject_id    UUID        NOT NULL,
    author_id     UUID,
    body          VARCHAR(4000) NOT NULL,
    edited_at     TIMESTAMP WITH TIME ZONE,
    deleted_at    TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    UUID,
    updated_by    UUID,
    version       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX note_comment_subject_idx ON note_comment (subject_type, subject_id, created_at, id);
CREATE INDEX note_comment_customer_idx ON note_comment (customer_id);
