-- A redaction must now name the erasure that caused it and carry its seal; the chain key an entry was sealed with
-- is as unchangeable as the rest of it.
CREATE OR REPLACE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT OLD.redacted AND NEW.redacted AND NEW.detail = '{"redacted":true}'
            AND NEW.erasure_id IS NOT NULL AND NEW.redaction_seal IS NOT NULL
            AND (NEW.seq, NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_name, NEW.client_address, NEW.action,
                 NEW.subject_type, NEW.subject_id, NEW.detail_digest, NEW.prev_hash, NEW.hash, NEW.chain_key)
            IS NOT DISTINCT FROM
                (OLD.seq, OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_name, OLD.client_address, OLD.action,
                 OLD.subject_type, OLD.subject_id, OLD.detail_digest, OLD.prev_hash, OLD.hash, OLD.chain_key) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
