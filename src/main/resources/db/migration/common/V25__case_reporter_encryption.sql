-- A case reporter's email and phone are personal contact data, stored encrypted like a customer's (see
-- docs/encryption.md): the columns widen to hold the encrypted form. Rows written before are encrypted by the
-- background job at the next start.
ALTER TABLE feedback_case ALTER COLUMN reporter_email SET DATA TYPE VARCHAR(1000);
ALTER TABLE feedback_case ALTER COLUMN reporter_phone SET DATA TYPE VARCHAR(1000);
