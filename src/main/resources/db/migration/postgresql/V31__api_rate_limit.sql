-- The API's rate-limit buckets, one row a key (a token or a client address, with its limit), shared by every
-- instance on one database. Bucket4j owns the row: it reads it with SELECT … FOR UPDATE, keeps its state as bytes and
-- stamps when it may be forgotten (epoch milliseconds), so the table has none of the usual who/when/version columns.
-- On H2 the file database is embedded, so there is only ever one instance and its buckets stay in memory.
CREATE TABLE api_rate_limit_bucket (
    id         VARCHAR(120) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX api_rate_limit_bucket_expires ON api_rate_limit_bucket (expires_at);
