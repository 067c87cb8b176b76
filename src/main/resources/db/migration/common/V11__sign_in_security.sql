-- Sign-in security: a second factor (TOTP) per user, recovery codes, per-role enforcement,
-- the idle session timeout, and scopes on personal API tokens.

-- The TOTP shared secret (base32) lives in its own column so that it can be encrypted on its own.
-- Encrypted at rest (FieldCipher), so longer than the base32 secret it holds.
ALTER TABLE app_user ADD COLUMN totp_secret VARCHAR(200);
ALTER TABLE app_user ADD COLUMN totp_enabled_at TIMESTAMP WITH TIME ZONE;
-- The last 30-second time step a code was accepted for: an older or equal step is a replay.
ALTER TABLE app_user ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_code (
    id         UUID PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    code_hash  VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX recovery_code_user_hash_uq ON recovery_code (user_id, code_hash);

CREATE TABLE role_sign_in_policy (
    role                   VARCHAR(32) PRIMARY KEY,
    require_second_factor  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by             UUID,
    updated_by             UUID,
    version                INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sign_in_policy (
    id                   INTEGER PRIMARY KEY,
    idle_timeout_minutes INTEGER NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by           UUID,
    updated_by           UUID,
    version              INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT sign_in_policy_single CHECK (id = 1),
    CONSTRAINT sign_in_policy_idle CHECK (idle_timeout_minutes BETWEEN 1 AND 1440)
);
-- No row until an administrator changes the policy: the defaults live in SignInPolicy, and a new database stays empty.

ALTER TABLE api_token ADD COLUMN scope VARCHAR(16) DEFAULT 'READ_WRITE' NOT NULL;
ALTER TABLE api_token ADD CONSTRAINT api_token_scope_ck CHECK (scope IN ('READ_ONLY', 'READ_WRITE'));
