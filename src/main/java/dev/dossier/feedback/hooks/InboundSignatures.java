package dev.dossier.feedback.hooks;

import static dev.dossier.db.Tables.INBOUND_HOOK;
import static dev.dossier.db.Tables.INBOUND_HOOK_CALL;

import dev.dossier.keys.FieldCipher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the signature of calls to the inbound webhooks against the secrets of the systems allowed to call them, and
 * keeps a record of every call accepted. A call is signed like an outbound delivery ({@link WebhookSignature}); its
 * timestamp may be at most five minutes away from now, so that a captured call cannot be replayed later.
 */
@Service
public class InboundSignatures {

    /** How far a call's timestamp may be from now. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** What the check found. */
    public enum Outcome {
        /** Signed by an allowed system, in time. */
        ACCEPTED,
        /** No signature or no timestamp. */
        MISSING,
        /** The timestamp is too old (or too far ahead). */
        STALE,
        /** No allowed system's secret makes this signature. */
        FORGED
    }

    /**
     * The answer of a check.
     *
     * @param outcome what it found
     * @param hookId the system that signed the call, when accepted
     */
    public record Verification(Outcome outcome, UUID hookId) {

        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    private final DSLContext db;
    private final FieldCipher cipher;
    private final Clock clock;

    InboundSignatures(DSLContext db, FieldCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Checks a call's headers against its raw body. */
    @Transactional(readOnly = true)
    public Verification verify(String timestamp, String signature, String body) {
        if (timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
            return new Verification(Outcome.MISSING, null);
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return new Verification(Outcome.STALE, null);
        }
        var age = Duration.between(Instant.ofEpochSecond(seconds), clock.instant())
                .abs();
        if (age.compareTo(TOLERANCE) > 0) {
            return new Verification(Outcome.STALE, null);
        }
        var hooks = db.select(INBOUND_HOOK.ID, INBOUND_HOOK.SECRET)
                .from(INBOUND_HOOK)
                .where(INBOUND_HOOK.ACTIVE.isTrue())
                .and(INBOUND_HOOK.DELETED_AT.isNull())
                .fetch();
        for (var hook : hooks) {
            var secret = cipher.decrypt(HooksCrypto.INBOUND_SECRET, hook.value2());
            if (WebhookSignature.matches(secret, timestamp.strip(), body, signature)) {
                return new Verification(Outcome.ACCEPTED, hook.value1());
            }
        }
        return new Verification(Outcome.FORGED, null);
    }

    /** Records an accepted call, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID hookId, UUID problemId, String toStatus, String body) {
        var now = OffsetDateTime.now(clock);
        db.insertInto(INBOUND_HOOK_CALL)
                .set(INBOUND_HOOK_CALL.ID, UUID.randomUUID())
                .set(INBOUND_HOOK_CALL.HOOK_ID, hookId)
                .set(INBOUND_HOOK_CALL.PROBLEM_ID, problemId)
                .set(INBOUND_HOOK_CALL.TO_STATUS, toStatus)
                .set(INBOUND_HOOK_CALL.BODY, body.length() > 8000 ? body.substring(0, 8000) : body)
                .set(INBOUND_HOOK_CALL.RECEIVED_AT, now)
                .set(INBOUND_HOOK_CALL.CREATED_AT, now)
                .set(INBOUND_HOOK_CALL.UPDATED_AT, now)
                .set(INBOUND_HOOK_CALL.VERSION, 0)
                .execute();
    }
}
