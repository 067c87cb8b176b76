package dev.dossier.customers;

import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.PhoneNumber;
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

    PhoneNumber primaryPhone() {
        return phones.isEmpty() ? null : phones.getFirst().number();
    }

    EmailAddress primaryEmail() {
        return emails.isEmpty() ? null : emails.getFirst().address();
    }
}
