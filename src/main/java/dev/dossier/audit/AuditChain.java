package dev.dossier.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * How entries are chained: each entry's hash is an HMAC-SHA256, under the chain key it names, of the previous
 * entry's hash and a canonical serialisation of the entry, which covers its detail through the detail's own digest
 * (so that a detail can be redacted without breaking the chain). Entries written before the chain was keyed carry
 * a plain SHA-256 of the same text instead. The head and every redaction carry seals of their own.
 */
final class AuditChain {

    /** The previous hash of the first entry. */
    static final String GENESIS = "0".repeat(64);

    /** What a redacted entry's detail becomes. */
    static final String REDACTED = "{\"redacted\":true}";

    private AuditChain() {}

    /**
     * The fields an entry's hash covers.
     *
     * @param seq position in the chain
     * @param occurredAt when, to the microsecond
     * @param actorId who, or null for the system
     * @param actorName their name then
     * @param clientAddress from where, or null
     * @param action action code
     * @param subjectType what it is about, or null
     * @param subjectId id of what it is about, or null
     * @param detailDigest SHA-256 of the detail
     */
    record Link(
            long seq,
            Instant occurredAt,
            UUID actorId,
            String actorName,
            String clientAddress,
            String action,
            String subjectType,
            UUID subjectId,
            String detailDigest) {

        /** One field a line, each as its length, a colon and its text (null as {@code -}), so none can run into another. */
        String canonical() {
            var out = new StringBuilder(256);
            for (Object field : new Object[] {
                seq, occurredAt, actorId, actorName, clientAddress, action, subjectType, subjectId, detailDigest
            }) {
                if (field == null) {
                    out.append("-\n");
                } else {
                    var text = field.toString();
                    out.append(text.length()).append(':').append(text).append('\n');
                }
            }
            return out.toString();
        }

        /** The plain SHA-256 hash of entries written before the chain was keyed. */
        String hash(String previousHash) {
            return sha256(sealed(previousHash));
        }

        /** What an entry's seal covers: the previous hash and the entry. */
        String sealed(String previousHash) {
            return previousHash + "\n" + canonical();
        }
    }

    /** What the head's seal covers: the last entry's position and hash. */
    static String head(long seq, String hash) {
        return "head\n" + seq + "\n" + hash;
    }

    /** What a redaction's seal covers: the entry (by position and hash), what it is about and the erasure. */
    static String redaction(long seq, String hash, String subjectType, UUID subjectId, UUID erasureId) {
        return "redaction\n" + seq + "\n" + hash + "\n" + subjectType + ":" + subjectId + "\n" + erasureId;
    }

    static String sha256(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
