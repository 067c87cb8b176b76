-- The quick search's order as the key of its terms (see V35); the term keeps its C collation (V2_1).
ALTER TABLE customer_search_term
    DROP CONSTRAINT customer_search_term_pkey,
    ADD CONSTRAINT customer_search_term_pkey PRIMARY KEY (rank, term, customer_id);
