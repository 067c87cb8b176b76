-- On PostgreSQL this version lets the head move by a batch of entries (a trigger); H2 has no such guard.
COMMENT ON TABLE audit_inbox IS 'Audit entries committed and not yet linked into the chain';
