package dev.dossier.shared;

import java.util.Optional;
import java.util.UUID;

/**
 * A module that owns records other modules attach things to (a comment on a note, a task about an interaction)
 * answers through this interface what such a record is, which customer it belongs to and where it opens. Spring beans;
 * {@link Subjects} asks the one that handles the subject's type.
 */
public interface SubjectDirectory {

    /** Whether this module owns subjects of {@code type}, e.g. {@code note}. */
    boolean handles(String type);

    /** The subject as the current user sees it; empty when it does not exist or the user does not reach it. */
    Optional<SubjectView> find(Subject subject);

    /**
     * A subject someone may read.
     *
     * @param subject what it is
     * @param customerId the customer it belongs to, or null for a record that belongs to none
     * @param title a short title, for lists and notifications
     * @param link where it opens, relative to the application
     */
    record SubjectView(Subject subject, UUID customerId, String title, String link) {}
}
