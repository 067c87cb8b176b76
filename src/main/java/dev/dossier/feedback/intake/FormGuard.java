package dev.dossier.feedback.intake;

import static dev.dossier.db.Tables.PUBLIC_FORM_HIT;

import dev.dossier.keys.BlindIndex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The public form's defences that need no third party: a signed time stamp put in the form when it is shown (a
 * submission sooner than the minimum fill time, older than a day, or with a forged stamp is not taken), and a limit
 * of submissions per client address over a window, counted in the database so that it holds across instances. The
 * address is kept only as a keyed hash.
 */
@Component
class FormGuard {

    /** What the time stamp says about a submission. */
    enum Stamp {
        OK,
        TOO_FAST,
        INVALID
    }

    private static final Duration MAX_AGE = Duration.ofDays(1);

    private final DSLContext db;
    private final BlindIndex keys;
    private final Clock clock;
    private final Duration minFill;
    private final int maxPerWindow;
    private final Duration window;

    FormGuard(
            DSLContext db,
            BlindIndex keys,
            Clock clock,
            @Value("${dossier.feedback.form.min-fill:3s}") Duration minFill,
            @Value("${dossier.feedback.form.max-per-address:5}") int maxPerWindow,
            @Value("${dossier.feedback.form.window:10m}") Duration window) {
        this.db = db;
        this.keys = keys;
        this.clock = clock;
        this.minFill = minFill;
        this.maxPerWindow = maxPerWindow;
        this.window = window;
    }

    /** A stamp for a form shown at {@code at}: the time and its keyed signature. */
    public String stamp(Instant at) {
        var millis = String.valueOf(at.toEpochMilli());
        return millis + "." + keys.of("feedback-form", millis);
    }

    String stampNow() {
        return stamp(clock.instant());
    }

    Stamp check(String stamp) {
        if (stamp == null) {
            return Stamp.INVALID;
        }
        int dot = stamp.indexOf('.');
        if (dot <= 0) {
            return Stamp.INVALID;
        }
        var millis = stamp.substring(0, dot);
        var expected = keys.of("feedback-form", millis);
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                stamp.substring(dot + 1).getBytes(StandardCharsets.UTF_8))) {
            return Stamp.INVALID;
        }
        Instant shown;
        try {
            shown = Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return Stamp.INVALID;
        }
        var age = Duration.between(shown, clock.instant());
        if (age.compareTo(MAX_AGE) > 0 || age.isNegative() && age.abs().compareTo(Duration.ofMinutes(1)) > 0) {
            return Stamp.INVALID;
        }
        return age.compareTo(minFill) < 0 ? Stamp.TOO_FAST : Stamp.OK;
    }

    /**
     * Counts a submission from {@code address}; false when the address already sent its allowance within the window
     * (the refused one is not counted). Runs in its own transaction so that a refused case still counts the try.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean admit(String address) {
        var now = OffsetDateTime.now(clock);
        var key = keys.of("feedback-form-client", address == null ? "" : address);
        // Clear what no window looks at any more, now and then.
        if (Math.floorMod(now.getSecond(), 10) == 0) {
            db.deleteFrom(PUBLIC_FORM_HIT)
                    .where(PUBLIC_FORM_HIT.HIT_AT.lt(now.minus(window).minusHours(1)))
                    .execute();
        }
        int recent = db.fetchCount(
                PUBLIC_FORM_HIT, PUBLIC_FORM_HIT.CLIENT_KEY.eq(key).and(PUBLIC_FORM_HIT.HIT_AT.gt(now.minus(window))));
        if (recent >= maxPerWindow) {
            return false;
        }
        db.insertInto(PUBLIC_FORM_HIT)
                .set(PUBLIC_FORM_HIT.ID, UUID.randomUUID())
                .set(PUBLIC_FORM_HIT.CLIENT_KEY, key)
                .set(PUBLIC_FORM_HIT.HIT_AT, now)
                .set(PUBLIC_FORM_HIT.CREATED_AT, now)
                .set(PUBLIC_FORM_HIT.UPDATED_AT, now)
                .set(PUBLIC_FORM_HIT.VERSION, 0)
                .execute();
        return true;
    }

    /** Minutes of the window, for the friendly refusal. */
    long windowMinutes() {
        return Math.max(1, window.toMinutes());
    }
}
