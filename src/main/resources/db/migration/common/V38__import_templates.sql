-- Saved column mappings: a name and, for each header (as compared: case, width and decoration aside), the field it
-- fills. An upload whose headers include all of a template's gets the newest such template's fields.
CREATE TABLE import_template (
    id         UUID PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    mapping    TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by UUID,
    updated_by UUID,
    version    INTEGER      NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX import_template_name_uq ON import_template (name);
