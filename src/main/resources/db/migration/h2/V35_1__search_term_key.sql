-- The quick search's order as the key of its terms (see V35).
ALTER TABLE customer_search_term DROP PRIMARY KEY;
ALTER TABLE customer_search_term ADD PRIMARY KEY (rank, term, customer_id);
