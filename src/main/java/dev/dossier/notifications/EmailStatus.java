package dev.dossier.notifications;

/** Where a notice stands on its way to the recipient's mailbox. */
public enum EmailStatus {
    /** Waiting for the next delivery run, or for its retry time. */
    PENDING,
    /** Accepted by the SMTP server. */
    SENT,
    /** Given up after repeated refusals; the error is kept. */
    FAILED,
    /** Not emailed: the recipient has no address, or no SMTP server is configured. */
    NONE,
    /**
     * Not emailed to a customer: the consent the email's purpose needs is missing or was withdrawn when it was to be
     * sent; the reason is kept.
     */
    SKIPPED
}
