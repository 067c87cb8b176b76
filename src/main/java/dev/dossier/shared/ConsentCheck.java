package dev.dossier.shared;

import java.util.UUID;

/**
 * Whether a customer has given consent, still in force, for a purpose of processing. Any module that processes
 * personal information for a purpose that needs consent (marketing campaigns, surveys, profiling, handing data to a
 * third party or abroad) asks here first; the privacy module keeps the consent ledger and answers.
 */
public interface ConsentCheck {

    /** Direct marketing: campaigns, newsletters, offers. */
    String MARKETING = "MARKETING";
    /** Service communication beyond what a contract needs: satisfaction surveys, reminders. */
    String SERVICE_COMMUNICATION = "SERVICE_COMMUNICATION";
    /** Profiling and analytics on the person. */
    String PROFILING = "PROFILING";
    /** Processing of sensitive personal information (PIPL art. 29: separate consent). */
    String SENSITIVE_PERSONAL_INFORMATION = "SENSITIVE_PERSONAL_INFORMATION";
    /** Transfer of personal information out of the country (PIPL art. 39: separate consent). */
    String CROSS_BORDER_TRANSFER = "CROSS_BORDER_TRANSFER";
    /** Providing personal information to another handler (PIPL art. 23). */
    String THIRD_PARTY_SHARING = "THIRD_PARTY_SHARING";

    /** Where a customer's consent for a purpose stands. */
    enum Standing {
        /** A consent for the purpose is in force. */
        GRANTED,
        /** Every consent for the purpose has been withdrawn. */
        WITHDRAWN,
        /** No consent for the purpose was ever recorded. */
        NONE
    }

    /** True when the customer has a consent for {@code purpose} that has not been withdrawn. */
    boolean granted(UUID customerId, String purpose);

    /** Whether the customer's consent for {@code purpose} is in force, was withdrawn, or was never given. */
    Standing standing(UUID customerId, String purpose);

    /** Throws {@link ConsentRequiredException} unless {@link #granted(UUID, String)}. */
    void require(UUID customerId, String purpose);
}
