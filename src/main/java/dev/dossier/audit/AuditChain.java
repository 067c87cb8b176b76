package dev.dossier.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * How entries are chained: each entry's hash is SHA-256 over the previous entry's hash and a canonical
 * serialisation of the entry, which covers its detail through the detail's own digest (so that a detail can be
 * redacted without breaking the chain).
 */
final class AuditChain {

    /** The previous hash of the first entry. */
    static final String GENESIS = "0".repeat(64);

    /** What a redacted entry's detail becomes. */
    static final String REDACTED = "{\"redacted\":true}";

    private AuditChain() {
    }

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
    record Link(long seq, Instant occurredAt, UUID actorId, String actorName, String clientAddress, String action,
            String subjectType, UUID subjectId, String detailDigest) {

        /** One field a line, each as its length, a colon and its text (null as {@code -}), so none can run into another. */
        String canonical() {
            var out = new StringBuilder(256);
            for (Object field : new Object[] {seq, occurredAt, actorId, actorName, clientAddress, action, subjectType,
                    subjectId, detailDigest}) {
                if (field == null) {
                    out.append("-\n");
                } else {
                    var text = field.toString();
                    out.append(text.length()).append(':').append(text).append('\n');
                }
            }
            return out.toString();
        }

        String hash(String previousHash) {
            return sha256(previousHash + "\n" + canonical());
        }
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
