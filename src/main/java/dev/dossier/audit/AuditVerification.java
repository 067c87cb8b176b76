package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_ENTRY;
import static dev.dossier.db.Tables.AUDIT_HEAD;

import dev.dossier.keys.Seals;
import dev.dossier.privacy.ErasureRecords;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Checks the whole audit trail for tampering: walks the chain in order, a batch at a time, and stops at the first
 * entry that is missing, does not link to the one before, whose detail does not match its digest, whose seal does not
 * match its contents under the key it names, or whose redaction no erasure caused; then checks the sealed head and the
 * latest checkpoint written outside the database.
 */
@Service
public class AuditVerification {

    /** What can be wrong with an entry. */
    public enum Problem {
        /** The entry is not there: deleted, or the chain skips it. */
        MISSING,
        /** Its previous hash is not the hash of the entry before it. */
        BROKEN_LINK,
        /** Its detail was changed after it was written. */
        DETAIL_CHANGED,
        /** Its hash (its seal) does not match what it records under the key it names. */
        HASH_MISMATCH,
        /** It carries no seal although entries before it do: written without the key. */
        NOT_SEALED,
        /** Its detail is marked redacted, but no erasure of what it is about caused that. */
        FAKE_REDACTION,
        /** It is beyond the recorded end of the chain, or the end (or its seal) does not match it. */
        HEAD_MISMATCH,
        /** It is not the entry, or not there at all, that a checkpoint written outside the database recorded. */
        ANCHOR_MISMATCH,
        /** The latest checkpoint outside the database is not signed with the anchor key. */
        ANCHOR_INVALID
    }

    /**
     * The outcome of a verification.
     *
     * @param intact true when every entry checks out
     * @param entries how many entries were checked
     * @param firstBrokenSeq the position of the first entry that does not, or null
     * @param problem what is wrong with it, or null
     * @param anchoredSeq the position of the latest checkpoint outside the database checked, or null when none
     */
    public record Result(boolean intact, long entries, Long firstBrokenSeq, Problem problem, Long anchoredSeq) {

        static Result ok(long entries, Long anchoredSeq) {
            return new Result(true, entries, null, null, anchoredSeq);
        }

        static Result broken(long entries, long seq, Problem problem, Long anchoredSeq) {
            return new Result(false, entries, seq, problem, anchoredSeq);
        }

        /** The result in a sentence, in English, for logs and the command line. */
        public String describe() {
            var anchor = anchoredSeq == null
                    ? " No checkpoint outside the database yet."
                    : " Latest checkpoint outside the database: entry " + anchoredSeq + ".";
            return (intact
                            ? "Audit trail intact, " + entries + " entries."
                            : "Audit trail tampered with: entry " + firstBrokenSeq + " "
                                    + switch (problem) {
                                        case MISSING -> "is missing.";
                                        case BROKEN_LINK -> "does not link to the entry before it.";
                                        case DETAIL_CHANGED -> "had its detail changed.";
                                        case HASH_MISMATCH -> "does not match its seal.";
                                        case NOT_SEALED ->
                                            "is not sealed with an audit key, although the entries before it are.";
                                        case FAKE_REDACTION -> "was redacted without an erasure that covers it.";
                                        case HEAD_MISMATCH -> "does not match the recorded end of the trail.";
                                        case ANCHOR_MISMATCH ->
                                            "does not match the checkpoint written outside the database.";
                                        case ANCHOR_INVALID ->
                                            "is recorded by a checkpoint that is not validly signed.";
                                    })
                    + anchor;
        }
    }

    static final int BATCH = 1000;

    private final DSLContext db;
    private final Seals seals;
    private final AuditAnchors anchors;
    private final ErasureRecords erasures;

    AuditVerification(DSLContext db, Seals seals, AuditAnchors anchors, ErasureRecords erasures) {
        this.db = db;
        this.seals = seals;
        this.anchors = anchors;
        this.erasures = erasures;
    }

    /** Verifies every entry up to the end of the trail as it is when the verification starts. */
    public Result verify() {
        var latest = anchors.latest().orElse(null);
        if (latest != null && !latest.valid()) {
            var at = latest.checkpoint() == null ? 0 : latest.checkpoint().seq();
            return Result.broken(0, at, Problem.ANCHOR_INVALID, null);
        }
        var anchor = latest == null ? null : latest.checkpoint();
        Long anchoredSeq = anchor == null ? null : anchor.seq();

        var head = db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH, AUDIT_HEAD.CHAIN_KEY, AUDIT_HEAD.SEAL)
                .from(AUDIT_HEAD)
                .where(AUDIT_HEAD.ID.eq(1))
                .fetchOne();
        long end = head == null ? 0 : head.value1();
        if (head == null && db.fetchExists(AUDIT_ENTRY)) {
            return Result.broken(0, 1, Problem.HEAD_MISMATCH, anchoredSeq);
        }
        var previousHash = AuditChain.GENESIS;
        long expected = 1;
        boolean keyed = false;
        walk:
        while (true) {
            var batch = db.select(
                            AUDIT_ENTRY.SEQ,
                            AUDIT_ENTRY.OCCURRED_AT,
                            AUDIT_ENTRY.ACTOR_ID,
                            AUDIT_ENTRY.ACTOR_NAME,
                            AUDIT_ENTRY.CLIENT_ADDRESS,
                            AUDIT_ENTRY.ACTION,
                            AUDIT_ENTRY.SUBJECT_TYPE,
                            AUDIT_ENTRY.SUBJECT_ID,
                            AUDIT_ENTRY.DETAIL,
                            AUDIT_ENTRY.DETAIL_DIGEST,
                            AUDIT_ENTRY.PREV_HASH,
                            AUDIT_ENTRY.HASH,
                            AUDIT_ENTRY.REDACTED,
                            AUDIT_ENTRY.CHAIN_KEY,
                            AUDIT_ENTRY.ERASURE_ID,
                            AUDIT_ENTRY.REDACTION_SEAL)
                    .from(AUDIT_ENTRY)
                    .where(AUDIT_ENTRY.SEQ.ge(expected))
                    .orderBy(AUDIT_ENTRY.SEQ)
                    .limit(BATCH)
                    .fetch();
            if (batch.isEmpty()) {
                break;
            }
            for (var row : batch) {
                long seq = row.get(AUDIT_ENTRY.SEQ);
                long checked = expected - 1;
                if (seq > end) {
                    // Appended since the verification started, if the head has moved on to it meanwhile.
                    if (currentEnd() >= seq) {
                        break walk;
                    }
                    return Result.broken(checked, seq, Problem.HEAD_MISMATCH, anchoredSeq);
                }
                if (seq != expected) {
                    return Result.broken(checked, expected, Problem.MISSING, anchoredSeq);
                }
                if (!previousHash.equals(row.get(AUDIT_ENTRY.PREV_HASH))) {
                    return Result.broken(checked, seq, Problem.BROKEN_LINK, anchoredSeq);
                }
                var detail = row.get(AUDIT_ENTRY.DETAIL);
                var digest = row.get(AUDIT_ENTRY.DETAIL_DIGEST);
                boolean redacted = Boolean.TRUE.equals(row.get(AUDIT_ENTRY.REDACTED));
                // A redacted detail is exactly the marker: anything else put in its place is a change.
                boolean detailOk = redacted
                        ? AuditChain.REDACTED.equals(detail)
                        : AuditChain.sha256(detail).equals(digest);
                if (!detailOk) {
                    return Result.broken(checked, seq, Problem.DETAIL_CHANGED, anchoredSeq);
                }
                var link = new AuditChain.Link(
                        seq,
                        row.get(AUDIT_ENTRY.OCCURRED_AT).toInstant(),
                        row.get(AUDIT_ENTRY.ACTOR_ID),
                        row.get(AUDIT_ENTRY.ACTOR_NAME),
                        row.get(AUDIT_ENTRY.CLIENT_ADDRESS),
                        row.get(AUDIT_ENTRY.ACTION),
                        row.get(AUDIT_ENTRY.SUBJECT_TYPE),
                        row.get(AUDIT_ENTRY.SUBJECT_ID),
                        digest);
                var hash = row.get(AUDIT_ENTRY.HASH);
                var key = row.get(AUDIT_ENTRY.CHAIN_KEY);
                if (key == null) {
                    // Entries from before the chain was keyed come first, and only they may go without a seal.
                    if (keyed) {
                        return Result.broken(checked, seq, Problem.NOT_SEALED, anchoredSeq);
                    }
                    if (!link.hash(previousHash).equals(hash)) {
                        return Result.broken(checked, seq, Problem.HASH_MISMATCH, anchoredSeq);
                    }
                } else {
                    keyed = true;
                    if (!seals.verify(key, link.sealed(previousHash), hash)) {
                        return Result.broken(checked, seq, Problem.HASH_MISMATCH, anchoredSeq);
                    }
                }
                if (redacted
                        && !redactionOk(
                                seq,
                                hash,
                                key,
                                row.get(AUDIT_ENTRY.SUBJECT_TYPE),
                                row.get(AUDIT_ENTRY.SUBJECT_ID),
                                row.get(AUDIT_ENTRY.ERASURE_ID),
                                row.get(AUDIT_ENTRY.REDACTION_SEAL))) {
                    return Result.broken(checked, seq, Problem.FAKE_REDACTION, anchoredSeq);
                }
                if (anchor != null && seq == anchor.seq() && !anchor.hash().equals(hash)) {
                    return Result.broken(checked, seq, Problem.ANCHOR_MISMATCH, anchoredSeq);
                }
                previousHash = hash;
                expected++;
            }
        }
        long checked = expected - 1;
        if (checked < end) {
            return Result.broken(checked, expected, Problem.MISSING, anchoredSeq);
        }
        if (end > 0 && !previousHash.equals(head.value2())) {
            return Result.broken(checked, end, Problem.HEAD_MISMATCH, anchoredSeq);
        }
        // The head of a keyed chain is sealed: moving it back onto an earlier entry needs the key.
        if (end > 0
                && (keyed || head.value3() != null)
                && !seals.verify(head.value3(), AuditChain.head(end, head.value2()), head.value4())) {
            return Result.broken(checked, end, Problem.HEAD_MISMATCH, anchoredSeq);
        }
        if (anchor != null && anchor.seq() > checked) {
            return Result.broken(checked, checked + 1, Problem.ANCHOR_MISMATCH, anchoredSeq);
        }
        return Result.ok(checked, anchoredSeq);
    }

    private long currentEnd() {
        var last = db.select(AUDIT_HEAD.LAST_SEQ)
                .from(AUDIT_HEAD)
                .where(AUDIT_HEAD.ID.eq(1))
                .fetchOne(AUDIT_HEAD.LAST_SEQ);
        return last == null ? 0 : last;
    }

    /**
     * Whether a redaction was caused by an erasure of what the entry is about: the entry names an erasure that
     * covers its customer, with a seal over that link. Entries redacted before redactions named their erasure (those
     * from before the chain was keyed) need only an erasure of their customer.
     */
    private boolean redactionOk(
            long seq, String hash, String key, String subjectType, UUID subjectId, UUID erasureId, String seal) {
        if (!"customer".equals(subjectType) || subjectId == null) {
            return false;
        }
        if (seal == null) {
            return key == null && erasureId == null && erasures.erased(subjectId);
        }
        int colon = seal.indexOf(':');
        if (erasureId == null || colon < 0) {
            return false;
        }
        return seals.verify(
                        seal.substring(0, colon),
                        AuditChain.redaction(seq, hash, subjectType, subjectId, erasureId),
                        seal.substring(colon + 1))
                && erasures.covers(erasureId, subjectId);
    }
}
