package dev.dossier.customers;

/** How a customer first came to the business. */
public enum SourceChannel {
    WEBSITE,
    REFERRAL,
    EXHIBITION,
    COLD_CALL,
    ADVERTISING,
    SOCIAL_MEDIA,
    PARTNER,
    EVENT,
    INBOUND_CALL,
    OTHER
}
