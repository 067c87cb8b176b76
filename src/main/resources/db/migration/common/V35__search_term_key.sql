-- Quick-search terms: the index the search walks (rank, then term) becomes the table's key in V35_1, so the terms
-- are kept in two structures instead of three. A customer's own terms (the search's check for a better term of the
-- same customer, and rebuilding or deleting them) are found by an index on the customer alone, which PostgreSQL
-- keeps deduplicated: a few bytes a term instead of a copy of it.
DROP INDEX customer_search_term_rank_idx;
DROP INDEX customer_search_term_customer_term_idx;
CREATE INDEX customer_search_term_customer_idx ON customer_search_term (customer_id);
