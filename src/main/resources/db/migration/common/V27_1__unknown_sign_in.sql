-- Failed sign-ins under names that belong to no account, counted and locked exactly like an account's, so that the
-- sign-in answers do not tell which names exist. Names are kept only as SHA-256 hashes (people type passwords into
-- the name field); rows untouched for a day are deleted.
CREATE TABLE unknown_sign_in (
    name_hash    VARCHAR(64) PRIMARY KEY,
    failures     INTEGER     NOT NULL DEFAULT 0,
    locked_until TIMESTAMP WITH TIME ZONE,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX unknown_sign_in_updated ON unknown_sign_in (updated_at);
