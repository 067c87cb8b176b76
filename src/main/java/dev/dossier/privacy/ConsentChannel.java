package dev.dossier.privacy;

/** How a consent was given, or a request received. */
enum ConsentChannel {
    WEB_FORM,
    PAPER,
    PHONE,
    EMAIL,
    IN_PERSON,
    API
}
