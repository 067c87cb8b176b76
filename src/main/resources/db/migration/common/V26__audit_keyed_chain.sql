-- The audit trail's chain is keyed: an entry's hash is an HMAC under a chain key kept with the encryption keys
-- (never in the database), whose id the entry records; entries written before (chain_key NULL) keep their plain
-- SHA-256 hashes and are checked as before, as long as they all come before the first keyed entry.
ALTER TABLE audit_entry ADD COLUMN chain_key VARCHAR(16);
-- A redaction names the erasure that caused it (the data-subject request, or the retention rule) and is sealed
-- under the entry's chain key, so that marking an entry redacted without an erasure shows as tampering.
ALTER TABLE audit_entry ADD COLUMN erasure_id UUID;
ALTER TABLE audit_entry ADD COLUMN redaction_seal VARCHAR(90);
-- The head is sealed too: moving it back to an earlier entry (after deleting the last ones) cannot be sealed
-- without the key.
ALTER TABLE audit_head ADD COLUMN chain_key VARCHAR(16);
ALTER TABLE audit_head ADD COLUMN seal VARCHAR(64);
