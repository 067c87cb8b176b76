-- The chain's writer moves the head by a whole batch of entries at once: the head may move forward by any number
-- of entries, but only onto an entry that is there, with that entry's hash. Moving it back, sideways or onto a
-- hash of no entry is still refused.
CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.last_seq > OLD.last_seq
            AND EXISTS (SELECT 1 FROM audit_entry WHERE seq = NEW.last_seq AND hash = NEW.last_hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail head only moves forward: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

COMMENT ON TABLE audit_inbox IS 'Audit entries committed and not yet linked into the chain';
