package dev.dossier.identity;

import dev.dossier.jobs.Recurring;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Buckets in the PostgreSQL table {@code api_rate_limit_bucket}, so that every instance over one database spends
 * one budget: each request locks its key's row ({@code SELECT … FOR UPDATE}) in a short transaction of its own,
 * takes from the bucket and writes it back. Rows of buckets that have filled up again are deleted now and then.
 */
class DatabaseRateBudgets implements RateBudgets {

    private static final int CLEANUP_BATCH = 1000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    DatabaseRateBudgets(DataSource dataSource, Clock clock) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("api_rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .clientClock(RateBudgets.meter(clock))
                .build();
    }

    @Override
    public ConsumptionProbe take(String key, long limit, Duration window) {
        return buckets.builder()
                .build(
                        key,
                        () -> BucketConfiguration.builder()
                                .addLimit(l -> l.capacity(limit).refillGreedy(limit, window))
                                .build())
                .tryConsumeAndReturnRemaining(1);
    }

    /** Deletes the rows of buckets that are full again; rows being taken are skipped. */
    @Recurring(name = "rate-limit-cleanup", fixedDelay = "${dossier.api.rate-limit.cleanup:5m}")
    void forgetFullBuckets() {
        int batches = 0;
        int removed;
        do {
            removed = buckets.removeExpired(CLEANUP_BATCH);
        } while (removed == CLEANUP_BATCH && ++batches < 100);
    }
}
