-- The encryption keys the values in this database need (see docs/encryption.md): every data key that encrypted a
-- value here and the blind-index key ('#index'). check_value is an HMAC-SHA256 of a fixed text under the key: it
-- tells two keys of the same id apart and reveals nothing of the key. A start whose keys lack one of these, or hold
-- another key under its id, is refused.
CREATE TABLE encryption_key (
    key_id      VARCHAR(16) PRIMARY KEY,
    check_value VARCHAR(64),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

/* [jooq ignore start] */
-- A database encrypted before this table: the keys its values name and, when it has blind indexes, the index key.
-- Their check values are unknown; the first start that holds keys of these ids records theirs.
INSERT INTO encryption_key (key_id, created_at)
SELECT DISTINCT SUBSTRING(v FROM 8 FOR POSITION(':' IN SUBSTRING(v FROM 8)) - 1), CURRENT_TIMESTAMP
FROM (
    SELECT point_value AS v FROM contact_point
    UNION ALL SELECT primary_phone FROM customer
    UNION ALL SELECT primary_email FROM customer
    UNION ALL SELECT id_document_number FROM customer
    UNION ALL SELECT bank_account FROM customer
    UNION ALL SELECT address_line FROM customer
    UNION ALL SELECT remarks FROM customer
    UNION ALL SELECT primary_phone FROM contact
    UNION ALL SELECT primary_email FROM contact
    UNION ALL SELECT remarks FROM contact
    UNION ALL SELECT old_value FROM customer_change_field
    UNION ALL SELECT new_value FROM customer_change_field
    UNION ALL SELECT totp_secret FROM app_user
    UNION ALL SELECT secret FROM webhook_endpoint
    UNION ALL SELECT secret FROM inbound_hook
) used
WHERE v LIKE 'enc:v1:%:%';

INSERT INTO encryption_key (key_id, created_at)
SELECT '#index', CURRENT_TIMESTAMP
WHERE EXISTS (SELECT 1 FROM contact_point WHERE point_index IS NOT NULL)
   OR EXISTS (SELECT 1 FROM customer WHERE id_document_index IS NOT NULL OR bank_account_index IS NOT NULL)
   OR EXISTS (SELECT 1 FROM customer_search_term WHERE term LIKE '#%');
/* [jooq ignore stop] */
