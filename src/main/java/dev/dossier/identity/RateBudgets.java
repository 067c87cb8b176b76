package dev.dossier.identity;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/** Where the API's token buckets live: one bucket a key, refilled evenly, full after one window. */
interface RateBudgets {

    /** Takes one request from the key's bucket, which starts full with {@code limit} requests a {@code window}. */
    ConsumptionProbe take(String key, long limit, Duration window);

    /** Bucket4j's time from the application's clock, so that tests can move it. */
    static TimeMeter meter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                var now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
