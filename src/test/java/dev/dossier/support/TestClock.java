package dev.dossier.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in every test context: the wall clock, or the build's chosen instant, which a test may pin
 * to an instant of its own and move forward.
 *
 * <p>When the build sets {@code dossier.test.instant} (an ISO instant), "now" starts there when the test JVM starts
 * and runs on at the wall clock's pace, so that a whole suite can run on a Monday at 00:05 or across New Year. Test
 * code asks {@link #now()} or {@link #utcNow()} for the same "now" the application sees; a test that pins or moves
 * the clock puts it back with {@link #reset()}. {@code dossier.test.zone} likewise sets the organisation's time zone
 * ({@code dossier.time-zone}) in the contexts that do not set their own.
 */
public final class TestClock extends Clock {

    /** How far the build's chosen instant is from the wall clock, fixed once for the whole test JVM. */
    private static final Duration SHIFT = shift(System.getProperty("dossier.test.instant"));

    private volatile Instant pinned;
    private volatile Duration offset = Duration.ZERO;

    private static Duration shift(String instant) {
        return instant == null || instant.isBlank()
                ? Duration.ZERO
                : Duration.between(Instant.now(), Instant.parse(instant.trim()));
    }

    /** The build's "now": the wall clock, shifted to the chosen instant if there is one. */
    public static Instant now() {
        return Instant.now().plus(SHIFT);
    }

    public static OffsetDateTime utcNow() {
        return now().atOffset(ZoneOffset.UTC);
    }

    /**
     * The organisation's time zone in test contexts that do not set their own: the build's {@code dossier.test.zone},
     * or the application's default.
     */
    public static ZoneId zone() {
        var zone = System.getProperty("dossier.test.zone");
        return ZoneId.of(zone == null || zone.isBlank() ? "Asia/Shanghai" : zone.trim());
    }

    /** True when the build runs the suite at a chosen instant rather than at the wall clock's. */
    public static boolean shifted() {
        return !SHIFT.isZero();
    }

    /** From now on the clock reads this instant, plus any move, and stands still otherwise. */
    public void pinAt(Instant at) {
        offset = Duration.ZERO;
        pinned = at;
    }

    public void moveBy(Duration by) {
        offset = offset.plus(by);
    }

    /** Back to the build's running "now". */
    public void reset() {
        offset = Duration.ZERO;
        pinned = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        var self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        var at = pinned;
        return (at == null ? now() : at).plus(offset);
    }
}
