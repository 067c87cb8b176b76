package dev.dossier.customers;

import dev.dossier.shared.PhoneNumber;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a customer's record holds, for the audit of its quality: which fields are filled, and whether the values
 * stored are still valid by today's rules. Values that are personal data come as verdicts, not as values. Checks no
 * access: the caller checks that its reader reaches the customer.
 */
@Component
public class CustomerFacts {

    /**
     * A customer's record as its quality is judged.
     *
     * @param type INDIVIDUAL or COMPANY
     * @param grade POTENTIAL, ORDINARY, IMPORTANT or VIP
     * @param region the sales region's name, or null
     * @param province the province as written, or null
     * @param invalidPhones how many of its own phone numbers are not valid numbers
     * @param invalidEmails how many of its own email addresses are not valid addresses
     * @param idDocumentValid whether its resident identity number is valid; null when it has none
     * @param contacts how many contacts a company has
     * @param decisionMaker whether one of them is marked the decision maker
     */
    public record Facts(
            UUID id,
            String type,
            String grade,
            String lifecycleStage,
            boolean hasGender,
            LocalDate birthDate,
            boolean hasIndustry,
            String region,
            String province,
            boolean hasCity,
            boolean hasAddressLine,
            String country,
            String postalCode,
            int phones,
            int emails,
            int invalidPhones,
            int invalidEmails,
            Boolean idDocumentValid,
            int contacts,
            boolean decisionMaker,
            UUID ownerId,
            UUID teamId,
            OffsetDateTime updatedAt) {}

    private final CustomerRepository customers;
    private final ContactRepository contacts;
    private final Clock clock;

    CustomerFacts(CustomerRepository customers, ContactRepository contacts, Clock clock) {
        this.customers = customers;
        this.contacts = contacts;
        this.clock = clock;
    }

    /** The facts of a customer not in the trash. */
    @Transactional(readOnly = true)
    public Optional<Facts> of(UUID customerId) {
        return customers.find(customerId).filter(c -> !c.inTrash()).map(this::facts);
    }

    private Facts facts(Customer customer) {
        var d = customer.details();
        var points = d.contactPoints() == null ? ContactPoints.NONE : d.contactPoints();
        int invalidPhones = (int)
                points.phones().stream().filter(p -> !validPhone(p.number())).count();
        int invalidEmails = (int) points.emails().stream()
                .filter(e -> !e.address().value().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))
                .count();
        var id = d.identification() == null ? CustomerDetails.Identification.NONE : d.identification();
        Boolean idValid = id.documentNumber() == null || id.documentType() != IdDocumentType.RESIDENT_ID
                ? null
                : ResidentIdNumber.valid(id.documentNumber(), LocalDate.now(clock));
        List<Contact> people = d.type() == CustomerType.COMPANY ? contacts.ofCustomer(customer.id()) : List.of();
        var address = d.address() == null ? CustomerDetails.Address.NONE : d.address();
        return new Facts(
                customer.id(),
                d.type().name(),
                d.grade().name(),
                d.lifecycleStage().name(),
                d.gender() != null,
                d.birthDate(),
                d.industry() != null,
                d.region() == null ? null : d.region().name(),
                blankToNull(address.province()),
                blankToNull(address.city()) != null,
                blankToNull(address.line()) != null,
                blankToNull(address.country()),
                blankToNull(address.postalCode()),
                points.phones().size(),
                points.emails().size(),
                invalidPhones,
                invalidEmails,
                idValid,
                people.size(),
                people.stream().anyMatch(c -> c.details().decisionRole() == DecisionRole.DECISION_MAKER),
                d.ownerId(),
                d.teamId(),
                customer.updatedAt());
    }

    /** Whether a stored number is still a valid number for its region (the rules of numbering change). */
    private static boolean validPhone(PhoneNumber number) {
        try {
            return PhoneNumber.parse(number.e164(), "ZZ") != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
