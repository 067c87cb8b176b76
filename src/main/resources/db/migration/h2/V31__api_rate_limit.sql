-- The same table as on PostgreSQL, so that both databases stand at one schema version and a backup moves between
-- them. On the embedded H2 database there is only ever one instance: its buckets stay in memory and this table
-- stays empty.
CREATE TABLE api_rate_limit_bucket (
    id         VARCHAR(120) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
