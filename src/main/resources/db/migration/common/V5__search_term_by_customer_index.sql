-- The quick search checks, for each matching term, that the customer has no better one in the same range:
-- an index by customer and term answers that from a few entries, however many terms the range holds.
DROP INDEX customer_search_term_customer_idx;
CREATE INDEX customer_search_term_customer_term_idx ON customer_search_term (customer_id, term, rank);
