package dev.dossier.customers;

import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/**
 * Customers registered through the customer service as the signed-in user, from plain values, for tests of other
 * modules: each one with its history, its audit entry and its events, as a person on the form would make it.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * A customer to register.
     *
     * @param idNumber a resident identity card number (18 characters with its check character), or null
     */
    public record Seed(
            boolean company,
            String name,
            LocalDate birthDate,
            String province,
            String city,
            List<String> phones,
            List<String> emails,
            String idNumber) {}

    /** Registers the customer whatever duplicates it may have; answers its id. */
    public static UUID register(ApplicationContext context, Seed seed) {
        var management = context.getBean(CustomerManagement.class);
        return management.register(draft(seed), true).id();
    }

    /** A valid resident identity card number: the seventeen digits given and their check character. */
    public static String residentId(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    static CustomerDraft draft(Seed seed) {
        var type = seed.company() ? CustomerType.COMPANY : CustomerType.INDIVIDUAL;
        return new CustomerDraft(
                type,
                seed.name(),
                null,
                null,
                seed.company() ? null : seed.birthDate(),
                seed.company() ? Industry.MANUFACTURING : null,
                null,
                null,
                Grade.ORDINARY,
                LifecycleStage.CUSTOMER,
                null,
                null,
                "CN",
                seed.province(),
                seed.city(),
                null,
                null,
                null,
                seed.phones().stream()
                        .map(p -> new PhoneInput(PhoneType.MOBILE, p))
                        .toList(),
                seed.emails().stream()
                        .map(e -> new EmailInput(EmailType.WORK, e))
                        .toList(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                seed.idNumber() == null ? null : IdDocumentType.RESIDENT_ID,
                seed.idNumber(),
                null,
                null);
    }
}
