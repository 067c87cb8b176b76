package dev.dossier.identity;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Buckets in this process's memory: right where only one instance serves the API, as with the embedded H2 file
 * database. A bucket that has filled up again is forgotten (it is the same as a new one), so the map holds only the
 * keys seen within about the last window.
 */
class LocalRateBudgets implements RateBudgets {

    private record Entry(Bucket bucket, long limit) {}

    private final Clock clock;
    private final TimeMeter meter;
    private final ConcurrentMap<String, Entry> buckets = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    LocalRateBudgets(Clock clock) {
        this.clock = clock;
        this.meter = RateBudgets.meter(clock);
    }

    @Override
    public ConsumptionProbe take(String key, long limit, Duration window) {
        sweepIfDue(window);
        var probe = new ConsumptionProbe[1];
        // Taken inside compute so that a sweep cannot forget the bucket between reading and taking.
        buckets.compute(key, (k, entry) -> {
            var e = entry != null
                    ? entry
                    : new Entry(
                            Bucket.builder()
                                    .addLimit(l -> l.capacity(limit).refillGreedy(limit, window))
                                    .withCustomTimePrecision(meter)
                                    .build(),
                            limit);
            probe[0] = e.bucket().tryConsumeAndReturnRemaining(1);
            return e;
        });
        return probe[0];
    }

    /** How many keys are remembered. */
    int size() {
        return buckets.size();
    }

    private void sweepIfDue(Duration window) {
        var now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(window);
        for (var key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, e) -> e.bucket().getAvailableTokens() >= e.limit() ? null : e);
        }
    }
}
