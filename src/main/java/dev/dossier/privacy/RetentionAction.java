package dev.dossier.privacy;

/** What a retention rule does to the customers it matches. */
enum RetentionAction {
    /** Erase their personal information in place, as for an erasure request. */
    ANONYMISE,
    /** Move them to the trash, where they can be restored or purged. */
    TRASH
}
