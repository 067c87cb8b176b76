package dev.dossier.shared;

import java.util.UUID;

/** Processing was refused because the customer has not consented to its purpose, or has withdrawn the consent. */
public class ConsentRequiredException extends RuntimeException {

    private final UUID customerId;
    private final String purpose;

    public ConsentRequiredException(UUID customerId, String purpose) {
        super("Customer " + customerId + " has no consent in force for " + purpose);
        this.customerId = customerId;
        this.purpose = purpose;
    }

    public UUID customerId() {
        return customerId;
    }

    /** The purpose, one of the names in {@link ConsentCheck}. */
    public String purpose() {
        return purpose;
    }
}
