package dev.dossier.exchange;

/** A backup or restore that could not be done; the message says why, for the person who ran it. */
class ArchiveException extends RuntimeException {

    ArchiveException(String message) {
        super(message);
    }

    ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
