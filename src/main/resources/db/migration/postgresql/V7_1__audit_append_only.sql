-- On PostgreSQL the trail refuses to be edited: no DELETE, no TRUNCATE, and no UPDATE except the redaction of an
-- entry's detail (data-subject erasure), which leaves its digest and hash as they were so the chain still verifies.
-- H2 has no such guard: its triggers are Java classes; there the verification is what shows tampering.
CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.redacted AND NEW.detail = '{"redacted":true}'
            AND (NEW.seq, NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_name, NEW.client_address, NEW.action,
                 NEW.subject_type, NEW.subject_id, NEW.detail_digest, NEW.prev_hash, NEW.hash)
            IS NOT DISTINCT FROM
                (OLD.seq, OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_name, OLD.client_address, OLD.action,
                 OLD.subject_type, OLD.subject_id, OLD.detail_digest, OLD.prev_hash, OLD.hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_guard();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard();

CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.last_seq = OLD.last_seq + 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail head only moves forward: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_guard();
