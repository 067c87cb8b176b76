package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_ENTRY;
import static dev.dossier.db.Tables.AUDIT_HEAD;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Checks the whole audit trail for tampering: walks the chain in order, a batch at a time, and stops at the first
 * entry that is missing, does not link to the one before, whose detail does not match its digest, or whose hash
 * does not match its contents.
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
        /** Its hash does not match what it records. */
        HASH_MISMATCH,
        /** It is beyond the recorded end of the chain, or the end does not match it. */
        HEAD_MISMATCH
    }

    /**
     * The outcome of a verification.
     *
     * @param intact true when every entry checks out
     * @param entries how many entries were checked
     * @param firstBrokenSeq the position of the first entry that does not, or null
     * @param problem what is wrong with it, or null
     */
    public record Result(boolean intact, long entries, Long firstBrokenSeq, Problem problem) {

        static Result ok(long entries) {
            return new Result(true, entries, null, null);
        }

        static Result broken(long entries, long seq, Problem problem) {
            return new Result(false, entries, seq, problem);
        }

        /** The result in a sentence, in English, for logs and the command line. */
        public String describe() {
            return intact ? "Audit trail intact, " + entries + " entries."
                    : "Audit trail tampered with: entry " + firstBrokenSeq + " " + switch (problem) {
                        case MISSING -> "is missing.";
                        case BROKEN_LINK -> "does not link to the entry before it.";
                        case DETAIL_CHANGED -> "had its detail changed.";
                        case HASH_MISMATCH -> "does not match its hash.";
                        case HEAD_MISMATCH -> "does not match the recorded end of the trail.";
                    };
        }
    }

    static final int BATCH = 1000;

    private final DSLContext db;

    AuditVerification(DSLContext db) {
        this.db = db;
    }

    /** Verifies every entry up to the end of the trail as it is when the verification starts. */
    public Result verify() {
        var head = db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH).from(AUDIT_HEAD).where(AUDIT_HEAD.ID.eq(1))
                .fetchOne();
        long end = head == null ? 0 : head.value1();
        if (head == null && db.fetchExists(AUDIT_ENTRY)) {
            return Result.broken(0, 1, Problem.HEAD_MISMATCH);
        }
        var previousHash = AuditChain.GENESIS;
        long expected = 1;
        while (true) {
            var batch = db.select(AUDIT_ENTRY.SEQ, AUDIT_ENTRY.OCCURRED_AT, AUDIT_ENTRY.ACTOR_ID,
                            AUDIT_ENTRY.ACTOR_NAME, AUDIT_ENTRY.CLIENT_ADDRESS, AUDIT_ENTRY.ACTION,
                            AUDIT_ENTRY.SUBJECT_TYPE, AUDIT_ENTRY.SUBJECT_ID, AUDIT_ENTRY.DETAIL,
                            AUDIT_ENTRY.DETAIL_DIGEST, AUDIT_ENTRY.PREV_HASH, AUDIT_ENTRY.HASH, AUDIT_ENTRY.REDACTED)
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
                    return Result.broken(checked, seq, Problem.HEAD_MISMATCH);
                }
                if (seq != expected) {
                    return Result.broken(checked, expected, Problem.MISSING);
                }
                if (!previousHash.equals(row.get(AUDIT_ENTRY.PREV_HASH))) {
                    return Result.broken(checked, seq, Problem.BROKEN_LINK);
                }
                var detail = row.get(AUDIT_ENTRY.DETAIL);
                var digest = row.get(AUDIT_ENTRY.DETAIL_DIGEST);
                // A redacted detail is exactly the marker: anything else put in its place is a change.
                boolean detailOk = Boolean.TRUE.equals(row.get(AUDIT_ENTRY.REDACTED))
                        ? AuditChain.REDACTED.equals(detail) : AuditChain.sha256(detail).equals(digest);
                if (!detailOk) {
                    return Result.broken(checked, seq, Problem.DETAIL_CHANGED);
                }
                var link = new AuditChain.Link(seq, row.get(AUDIT_ENTRY.OCCURRED_AT).toInstant(),
                        row.get(AUDIT_ENTRY.ACTOR_ID), row.get(AUDIT_ENTRY.ACTOR_NAME),
                        row.get(AUDIT_ENTRY.CLIENT_ADDRESS), row.get(AUDIT_ENTRY.ACTION),
                        row.get(AUDIT_ENTRY.SUBJECT_TYPE), row.get(AUDIT_ENTRY.SUBJECT_ID), digest);
                var hash = row.get(AUDIT_ENTRY.HASH);
                if (!link.hash(previousHash).equals(hash)) {
                    return Result.broken(checked, seq, Problem.HASH_MISMATCH);
                }
                previousHash = hash;
                expected++;
            }
        }
        long checked = expected - 1;
        if (checked < end) {
            return Result.broken(checked, expected, Problem.MISSING);
        }
        if (end > 0 && !previousHash.equals(head.value2())) {
            return Result.broken(checked, end, Problem.HEAD_MISMATCH);
        }
        return Result.ok(checked);
    }
}
