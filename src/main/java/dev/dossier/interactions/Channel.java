package dev.dossier.interactions;

/** How the contact happened. */
enum Channel {
    CALL,
    VISIT,
    EMAIL,
    CHAT,
    MEETING,
    SOCIAL,
    OTHER
}
