-- On PostgreSQL this version guards redactions with a trigger; H2's triggers are Java classes the schema cannot
-- carry, so here it only documents the column (both databases stay at the same schema version for backups).
COMMENT ON COLUMN audit_entry.redaction_seal IS 'Seal over the redaction and the erasure that caused it: <key id>:<hmac>';
