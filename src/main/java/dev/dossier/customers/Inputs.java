package dev.dossier.customers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Contact points as typed into a form or sent in a payload, before validation. */
final class Inputs {

    private Inputs() {}

    /**
     * A phone as entered.
     *
     * @param type kind of phone
     * @param number the number in any format
     */
    @JsonIgnoreProperties("formatted")
    record PhoneInput(PhoneType type, String number) {}

    /**
     * An email as entered.
     *
     * @param type kind of mailbox
     * @param address the address
     */
    record EmailInput(EmailType type, String address) {}

    /**
     * A social account as entered.
     *
     * @param type network
     * @param handle the account name or id on it
     */
    record SocialInput(SocialType type, String handle) {}
}
