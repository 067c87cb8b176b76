-- The service measures read the cases opened in a period: this index holds every column they read, in the order of
-- the opening time, so that a year of cases is one range read from the index alone (on PostgreSQL an index-only
-- scan once the table is vacuumed), without visiting the wide case rows.
CREATE INDEX feedback_case_measures_idx ON feedback_case (created_at, kind, priority, team_id, first_responded_at,
    first_response_due_at, resolved_at, resolution_due_at, reopen_count, csat_score, category, product_id,
    product_version_id, customer_id, deleted_at);
