package dev.dossier.feedback.problems;

import dev.dossier.db.tables.records.ProblemRecord;
import dev.dossier.feedback.ProblemStatus;
import dev.dossier.feedback.Severity;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A problem as stored.
 *
 * @param id id
 * @param problemNo its number
 * @param title title
 * @param description what is wrong, or null
 * @param productId the product affected, or null
 * @param productVersionId the version affected, or null
 * @param reproductionSteps how to make it happen, or null
 * @param severity severity
 * @param status status
 * @param externalRef the issue in the tracker, e.g. {@code acme/app#123} or {@code PROJ-42}
 * @param externalUrl the address
 * @param fixedInVersion the version that fixes it
 * @param handedOffAt when it was handed to the product team
 * @param fixedAt when it was fixed
 * @param createdAt when recorded
 * @param createdBy who recorded it
 * @param updatedAt last change
 * @param version version
 */
record Problem(
        UUID id,
        long problemNo,
        String title,
        String description,
        UUID productId,
        UUID productVersionId,
        String reproductionSteps,
        Severity severity,
        ProblemStatus status,
        String externalRef,
        String externalUrl,
        String fixedInVersion,
        OffsetDateTime handedOffAt,
        OffsetDateTime fixedAt,
        OffsetDateTime createdAt,
        UUID createdBy,
        OffsetDateTime updatedAt,
        int version) {

    static Problem of(ProblemRecord r) {
        return new Problem(
                r.getId(),
                r.getProblemNo(),
                r.getTitle(),
                r.getDescription(),
                r.getProductId(),
                r.getProductVersionId(),
                r.getReproductionSteps(),
                Severity.valueOf(r.getSeverity()),
                ProblemStatus.valueOf(r.getStatus()),
                r.getExternalRef(),
                r.getExternalUrl(),
                r.getFixedInVersion(),
                r.getHandedOffAt(),
                r.getFixedAt(),
                r.getCreatedAt(),
                r.getCreatedBy(),
                r.getUpdatedAt(),
                r.getVersion());
    }

    /** The number as people say it: {@code P-00042}. */
    public String number() {
        return number(problemNo);
    }

    static String number(long problemNo) {
        return String.format("P-%05d", problemNo);
    }

    /**
     * The number in {@code P-00042}, {@code p42} or {@code 42} (with prefix {@code P}; cases use {@code C}); null
     * when the text is none of these.
     */
    static Long parseNumber(String text, String prefix) {
        if (text == null) {
            return null;
        }
        var t = text.strip();
        if (t.regionMatches(true, 0, prefix + "-", 0, prefix.length() + 1)) {
            t = t.substring(prefix.length() + 1);
        } else if (t.regionMatches(true, 0, prefix, 0, prefix.length())) {
            t = t.substring(prefix.length());
        }
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(t);
    }
}
