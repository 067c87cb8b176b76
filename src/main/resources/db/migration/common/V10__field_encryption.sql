-- Field encryption at rest: sensitive values are stored as enc:v1:<key>:<base64> (longer than the plain text),
-- with blind indexes (keyed hashes) beside those looked up by equality.
ALTER TABLE contact_point ALTER COLUMN point_value SET DATA TYPE VARCHAR(1000);
ALTER TABLE contact_point ADD COLUMN point_index VARCHAR(32);
CREATE INDEX contact_point_index_idx ON contact_point (kind, point_index);

ALTER TABLE customer ALTER COLUMN primary_phone SET DATA TYPE VARCHAR(200);
ALTER TABLE customer ALTER COLUMN primary_email SET DATA TYPE VARCHAR(1000);
ALTER TABLE customer ALTER COLUMN address_line SET DATA TYPE VARCHAR(1000);
ALTER TABLE customer ALTER COLUMN remarks SET DATA TYPE VARCHAR(12000);
ALTER TABLE customer ADD COLUMN id_document_type VARCHAR(16);
ALTER TABLE customer ADD COLUMN id_document_number VARCHAR(200);
ALTER TABLE customer ADD COLUMN id_document_index VARCHAR(32);
ALTER TABLE customer ADD COLUMN bank_name VARCHAR(100);
ALTER TABLE customer ADD COLUMN bank_account VARCHAR(200);
ALTER TABLE customer ADD COLUMN bank_account_index VARCHAR(32);
CREATE INDEX customer_id_document_index_idx ON customer (id_document_index);
CREATE INDEX customer_bank_account_index_idx ON customer (bank_account_index);

ALTER TABLE contact ALTER COLUMN primary_phone SET DATA TYPE VARCHAR(200);
ALTER TABLE contact ALTER COLUMN primary_email SET DATA TYPE VARCHAR(1000);
ALTER TABLE contact ALTER COLUMN remarks SET DATA TYPE VARCHAR(12000);

ALTER TABLE customer_change_field ALTER COLUMN old_value SET DATA TYPE VARCHAR(12000);
ALTER TABLE customer_change_field ALTER COLUMN new_value SET DATA TYPE VARCHAR(12000);

-- Optional fields an administrator marked sensitive: their values are encrypted too.
CREATE TABLE sensitive_field (
    field_name VARCHAR(64) PRIMARY KEY,
    marked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    marked_by  UUID
);
