-- The minimum length of a new password, raised by administrators on the sign-in security page (never under ten).
ALTER TABLE sign_in_policy ADD COLUMN min_password_length INTEGER DEFAULT 10 NOT NULL;
ALTER TABLE sign_in_policy ADD CONSTRAINT sign_in_policy_password_length
    CHECK (min_password_length BETWEEN 10 AND 64);
