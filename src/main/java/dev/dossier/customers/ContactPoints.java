package dev.dossier.customers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NoControlCharacters;
import dev.dossier.shared.PhoneNumber;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * How to reach a customer or a contact.
 *
 * @param phones phone numbers, the first is primary
 * @param emails email addresses, the first is primary
 * @param socialAccounts social and messaging accounts
 */
record ContactPoints(List<Phone> phones, List<Email> emails, List<SocialAccount> socialAccounts) {

    static final ContactPoints NONE = new ContactPoints(List.of(), List.of(), List.of());

    ContactPoints {
        phones = List.copyOf(phones);
        emails = List.copyOf(emails);
        socialAccounts = List.copyOf(socialAccounts);
    }

    record Phone(PhoneType type, PhoneNumber number) {}

    record Email(EmailType type, EmailAddress address) {}

    record SocialAccount(SocialType type, String handle) {}

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
    record SocialInput(
            SocialType type,
            @Size(max = 100) @NoControlCharacters String handle) {

        SocialInput {
            handle = Inputs.trim(handle);
        }
    }

    PhoneNumber primaryPhone() {
        return phones.isEmpty() ? null : phones.getFirst().number();
    }

    EmailAddress primaryEmail() {
        return emails.isEmpty() ? null : emails.getFirst().address();
    }
}
