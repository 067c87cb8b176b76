-- Emails to customers name the purpose of processing whose consent they need (null: a message about the customer's
-- own case, which needs none); the outbox checks it when it sends and keeps why it skipped an email.
ALTER TABLE customer_email ADD COLUMN purpose VARCHAR(40);
-- NO_CONSENT or CONSENT_WITHDRAWN when the status is SKIPPED.
ALTER TABLE customer_email ADD COLUMN skip_reason VARCHAR(40);

-- The customers of an NPS survey's segment who were not asked, by reason.
ALTER TABLE survey ADD COLUMN excluded_no_email INTEGER NOT NULL DEFAULT 0;
ALTER TABLE survey ADD COLUMN excluded_no_consent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE survey ADD COLUMN excluded_consent_withdrawn INTEGER NOT NULL DEFAULT 0;
