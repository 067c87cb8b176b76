package dev.dossier.feedback;

/** How a case came in. */
public enum CaseChannel {
    PHONE,
    EMAIL,
    WEB_FORM,
    CHAT,
    VISIT,
    SOCIAL,
    API,
    OTHER
}
