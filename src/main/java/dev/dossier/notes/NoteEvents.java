package dev.dossier.notes;

import java.util.UUID;

/** What happens to notes and comments, for the audit trail and others to react to. No text travels. */
public final class NoteEvents {

    private NoteEvents() {}

    /**
     * A note was written.
     *
     * @param noteId the note
     * @param customerId the customer it is about
     * @param byUserId who wrote it
     */
    public record NoteWritten(UUID noteId, UUID customerId, UUID byUserId) {}

    /**
     * A note was changed; what it said before is kept as a revision.
     *
     * @param noteId the note
     * @param customerId the customer it is about
     * @param revision the number of the revision that keeps the earlier text
     * @param byUserId who changed it
     */
    public record NoteEdited(UUID noteId, UUID customerId, int revision, UUID byUserId) {}

    /**
     * A note was deleted (it can be restored from the database).
     *
     * @param noteId the note
     * @param customerId the customer it was about
     * @param byUserId who deleted it
     */
    public record NoteDeleted(UUID noteId, UUID customerId, UUID byUserId) {}

    /**
     * A comment was posted on a subject.
     *
     * @param commentId the comment
     * @param subject what it is on, e.g. {@code note:…}
     * @param customerId the customer the subject belongs to
     * @param byUserId who posted it
     */
    public record CommentPosted(UUID commentId, String subject, UUID customerId, UUID byUserId) {}
}
