-- The address of an email to a customer (the outbox) and how to reach the person behind a data-subject request are
-- contact data, stored encrypted like a customer's (see docs/encryption.md): the columns widen to hold the encrypted
-- form. Rows written before are encrypted by the background job at the next start.
ALTER TABLE customer_email ALTER COLUMN to_address SET DATA TYPE VARCHAR(1000);
ALTER TABLE subject_request ALTER COLUMN requester_contact SET DATA TYPE VARCHAR(1000);
