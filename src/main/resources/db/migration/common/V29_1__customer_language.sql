-- The language Dossier writes to the customer in (a language tag: en, zh-CN); null for the installation's default.
ALTER TABLE customer ADD COLUMN preferred_language VARCHAR(20);
