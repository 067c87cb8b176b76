-- Search terms are matched by binary prefix ranges: give them the C collation whatever the database's default is.
ALTER TABLE customer_search_term ALTER COLUMN term TYPE VARCHAR(64) COLLATE "C";
