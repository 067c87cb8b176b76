package dev.dossier.privacy;

/** What a data subject asks for. */
enum RequestKind {
    /** A copy of their data (access and portability). */
    ACCESS,
    /** Correction of inaccurate data. */
    CORRECTION,
    /** Erasure of their data. */
    ERASURE,
    /** Objection to processing, withdrawing every consent. */
    OBJECTION
}
