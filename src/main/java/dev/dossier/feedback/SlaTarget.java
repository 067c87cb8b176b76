package dev.dossier.feedback;

/** What a case's service level promises: a first response, and a resolution, each by its due time. */
public enum SlaTarget {
    FIRST_RESPONSE,
    RESOLUTION
}
