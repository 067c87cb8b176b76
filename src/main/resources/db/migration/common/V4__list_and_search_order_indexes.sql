-- List orders: PostgreSQL cannot order by an index that leads with deleted_at when the filter is IS NULL,
-- so the orders get indexes of their own; (deleted_at, updated_at, id) stays for the trash.
DROP INDEX customer_sort_name_idx;
DROP INDEX customer_created_idx;
CREATE INDEX customer_name_order_idx ON customer (sort_name, id);
CREATE INDEX customer_updated_order_idx ON customer (updated_at, id);
CREATE INDEX customer_created_order_idx ON customer (created_at, id);
-- Quick search walks terms best rank first, in term order, and stops after a page.
CREATE INDEX customer_search_term_rank_idx ON customer_search_term (rank, term, customer_id);
