package dev.dossier.feedback.measures;

import java.util.Map;
import java.util.TreeMap;

/**
 * How long something took, counted into buckets of minutes so that the database returns a few hundred rows per
 * group instead of one row per case, and the median and 90th percentile are worked out here the same way on every
 * database. Buckets are {@value #STEP_PERCENT} % wide on a logarithmic scale (the first holds everything under two
 * minutes), each standing for the mean of the durations in it, so a percentile is exact when the durations near it
 * are alike and otherwise within 2 % of the exact figure.
 */
final class Durations {

    /** Width of a bucket, in percent of its start. */
    static final int STEP_PERCENT = 2;

    static final double STEP = 1 + STEP_PERCENT / 100.0;

    /** Per bucket: how many durations, and their sum in minutes. */
    private final TreeMap<Integer, double[]> counts = new TreeMap<>();

    private long total;

    /** The bucket of a duration in minutes, as the SQL of the measures computes it: floor(ln(minutes) / ln(1.02)). */
    static int bucket(double minutes) {
        return (int) Math.floor(Math.log(Math.max(minutes, 1.0)) / Math.log(STEP));
    }

    /** The geometric middle of a bucket, in minutes. */
    static double minutes(int bucket) {
        return Math.pow(STEP, bucket + 0.5);
    }

    /** Adds {@code n} durations of {@code sumMinutes} minutes together that fell into {@code bucket}. */
    Durations add(int bucket, long n, double sumMinutes) {
        if (n > 0) {
            var c = counts.computeIfAbsent(bucket, b -> new double[2]);
            c[0] += n;
            c[1] += sumMinutes;
            total += n;
        }
        return this;
    }

    /** Adds one duration. */
    Durations add(double minutes) {
        return add(bucket(minutes), 1, minutes);
    }

    /** Adds every count of another histogram. */
    Durations addAll(Durations other) {
        other.counts.forEach((bucket, c) -> add(bucket, (long) c[0], c[1]));
        return this;
    }

    long count() {
        return total;
    }

    /**
     * The {@code p}-th quantile (0–1) in minutes, interpolated between the two nearest durations as PostgreSQL's
     * {@code percentile_cont} does; null when there is none.
     */
    Double quantile(double p) {
        if (total == 0) {
            return null;
        }
        double position = p * (total - 1);
        long lower = (long) Math.floor(position);
        long upper = (long) Math.ceil(position);
        double low = at(lower);
        double high = upper == lower ? low : at(upper);
        return low + (position - lower) * (high - low);
    }

    /** Median in hours, one decimal, or null. */
    Double medianHours() {
        return hours(quantile(0.5));
    }

    /** 90th percentile in hours, one decimal, or null. */
    Double p90Hours() {
        return hours(quantile(0.9));
    }

    private static Double hours(Double minutes) {
        return minutes == null ? null : Math.round(minutes / 6.0) / 10.0;
    }

    /** The duration at a 0-based rank in order. */
    private double at(long rank) {
        long seen = 0;
        for (Map.Entry<Integer, double[]> e : counts.entrySet()) {
            var c = e.getValue();
            seen += (long) c[0];
            if (rank < seen) {
                return c[1] / c[0];
            }
        }
        var last = counts.lastEntry().getValue();
        return last[1] / last[0];
    }
}
