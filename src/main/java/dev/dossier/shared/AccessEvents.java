package dev.dossier.shared;

import java.util.UUID;

/** Accesses to information that must be provable afterwards; any module publishes them, the audit trail keeps them. */
public final class AccessEvents {

    private AccessEvents() {}

    /**
     * Someone was shown a sensitive value in full, by asking to reveal it.
     *
     * @param byUserId who
     * @param subject whose value, e.g. {@code customer:…}
     * @param field which field
     */
    public record SensitiveValueRevealed(UUID byUserId, Subject subject, String field) {}

    /**
     * Someone viewed a record whose sensitive values were shown to them in full.
     *
     * @param byUserId who
     * @param subject the record
     */
    public record SensitiveRecordViewed(UUID byUserId, Subject subject) {}

    /**
     * Someone took data out of Dossier: an export, a report download, a backup or a data-subject export.
     *
     * @param byUserId who, or null for the system
     * @param kind what was exported, e.g. {@code customers.csv}, {@code audit.csv}, {@code backup}
     * @param rows how many records
     * @param description filters or other detail, for people to read
     */
    public record DataExported(UUID byUserId, String kind, long rows, String description) {}

    /**
     * Someone brought data into Dossier from a file: told when an import ends, however it ends.
     *
     * @param byUserId who
     * @param importId the import
     * @param kind what was imported, e.g. {@code customers}
     * @param fileName the file's name as uploaded
     * @param fileHash the SHA-256 of the file, hex
     * @param state how it ended ({@code DONE}, {@code FAILED}, {@code CANCELLED})
     * @param description the counts, for people to read
     */
    public record DataImported(
            UUID byUserId,
            UUID importId,
            String kind,
            String fileName,
            String fileHash,
            String state,
            String description) {}
}
