package dev.dossier.notes;

/** What kind of note it is; the note-quality review and the timeline show it. */
enum NoteCategory {
    GENERAL,
    MEETING,
    NEEDS,
    FOLLOW_UP,
    RISK
}
