-- What each role may do: per area the operations and the record scope, per field group the visibility.
-- Administrators edit these in the pages; a new installation starts from the defaults in AccessDefaults.
CREATE TABLE role_permission (
    role         VARCHAR(32)  NOT NULL,
    area         VARCHAR(32)  NOT NULL,
    operations   VARCHAR(200) NOT NULL,
    record_scope VARCHAR(16)  NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by   UUID,
    PRIMARY KEY (role, area)
);

CREATE TABLE role_field_access (
    role        VARCHAR(32) NOT NULL,
    field_group VARCHAR(32) NOT NULL,
    access_level VARCHAR(16) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  UUID,
    PRIMARY KEY (role, field_group)
);

-- A record shared with a user or a team beyond what their scope shows them.
CREATE TABLE record_share (
    id          UUID PRIMARY KEY,
    record_type VARCHAR(32) NOT NULL,
    record_id   UUID        NOT NULL,
    user_id     UUID REFERENCES app_user (id) ON DELETE CASCADE,
    team_id     UUID REFERENCES team (id) ON DELETE CASCADE,
    can_edit    BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  UUID,
    CHECK ((user_id IS NULL) <> (team_id IS NULL))
);
CREATE INDEX record_share_record_idx ON record_share (record_type, record_id);
CREATE INDEX record_share_user_idx ON record_share (user_id, record_type, record_id);
CREATE INDEX record_share_team_idx ON record_share (team_id, record_type, record_id);

-- The manager hierarchy: a manager sees what the people reporting to them own.
ALTER TABLE app_user ADD COLUMN manager_id UUID REFERENCES app_user (id);
CREATE INDEX app_user_manager_idx ON app_user (manager_id);

