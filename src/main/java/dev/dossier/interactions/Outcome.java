package dev.dossier.interactions;

/** What came of an interaction. */
enum Outcome {
    REACHED,
    NO_ANSWER,
    NEEDS_FOLLOW_UP,
    DEAL_PROGRESSED,
    ISSUE_RAISED,
    OTHER
}
