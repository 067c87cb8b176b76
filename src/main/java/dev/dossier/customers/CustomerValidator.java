package dev.dossier.customers;

import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.customers.ContactPoints.SocialInput;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.PhoneNumber;
import dev.dossier.shared.ValidationException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The rules a customer's and a contact's details must satisfy; the one place both the pages and the API
 * are checked against. Collects every problem at once so that a form shows them all.
 */
@Component
class CustomerValidator {

    static final int MAX_NAME = 200;
    static final int MAX_REMARKS = 2000;
    static final int MAX_POINTS = 10;
    static final int MAX_TAGS = 20;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final UserDirectory directory;
    private final Clock clock;
    private final String defaultRegion;

    CustomerValidator(
            UserDirectory directory, Clock clock, @Value("${dossier.default-region:CN}") String defaultRegion) {
        this.directory = directory;
        this.clock = clock;
        this.defaultRegion = defaultRegion;
    }

    String defaultRegion() {
        return defaultRegion;
    }

    CustomerDetails validate(CustomerDraft draft) {
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        boolean company = draft.type() == CustomerType.COMPANY;
        var website = unreported(problems, "website") ? website(draft.website(), problems) : null;
        if (company && draft.industry() == null) {
            problems.add(new FieldProblem("industry", "customer.industry.required-for-company"));
        }
        birthDate(draft.birthDate(), "birthDate", problems);
        var country = draft.country() == null ? null : draft.country().toUpperCase(Locale.ROOT);
        if (country != null && unreported(problems, "country") && !COUNTRIES.contains(country)) {
            problems.add(new FieldProblem("country", "customer.country.invalid"));
        }
        if (country == null && draft.province() != null) {
            country = "CN";
        }
        var postalCode = draft.postalCode();
        if (postalCode != null
                && unreported(problems, "postalCode")
                && ("CN".equals(country)
                        ? !postalCode.matches("[0-9]{6}")
                        : !postalCode.matches("[A-Za-z0-9][A-Za-z0-9 -]{1,19}"))) {
            problems.add(new FieldProblem("postalCode", "customer.postal-code.invalid"));
        }
        var points = contactPoints(draft.phones(), draft.emails(), draft.socialAccounts(), problems);
        if (!company
                && draft.type() != null
                && points.phones().isEmpty()
                && points.emails().isEmpty()
                && problems.stream()
                        .noneMatch(
                                p -> p.field().startsWith("phones") || p.field().startsWith("emails"))) {
            problems.add(new FieldProblem("phones", "customer.reachable.required"));
        }
        var tags = tags(draft.tags(), problems);
        var ownerId = draft.ownerId() != null
                ? draft.ownerId()
                : CurrentUser.find().map(u -> u.id()).orElse(null);
        UUID teamId = draft.teamId();
        if (draft.ownerId() != null) {
            var owner = directory.user(draft.ownerId());
            if (owner.isEmpty() || !owner.get().enabled()) {
                problems.add(new FieldProblem("ownerId", "customer.owner.unknown"));
            } else if (teamId == null) {
                teamId = owner.get().teamId();
            }
        } else if (teamId == null) {
            teamId = CurrentUser.find().map(u -> u.teamId()).orElse(null);
        }
        if (draft.teamId() != null && directory.team(draft.teamId()).isEmpty()) {
            problems.add(new FieldProblem("teamId", "customer.team.unknown"));
        }
        var identification = identification(draft, problems);
        var language = dev.dossier.shared.Languages.parse(draft.preferredLanguage());
        if (language == null
                && draft.preferredLanguage() != null
                && !draft.preferredLanguage().isBlank()) {
            problems.add(new FieldProblem("preferredLanguage", "customer.preferred-language.unsupported"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new CustomerDetails(
                draft.type(),
                draft.name(),
                draft.legalName(),
                draft.gender(),
                draft.birthDate(),
                draft.industry(),
                draft.companySize(),
                website,
                draft.grade() == null ? Grade.POTENTIAL : draft.grade(),
                draft.lifecycleStage() == null ? LifecycleStage.LEAD : draft.lifecycleStage(),
                draft.region(),
                draft.sourceChannel(),
                new CustomerDetails.Address(
                        country, draft.province(), draft.city(), draft.district(), draft.addressLine(), postalCode),
                points,
                tags,
                ownerId,
                teamId,
                draft.remarks(),
                identification,
                language);
    }

    /**
     * An individual's identity document (a resident identity number must pass its check character) and a bank
     * account of 8 to 34 digits; spaces and hyphens typed between digits are dropped.
     */
    private CustomerDetails.Identification identification(CustomerDraft draft, List<FieldProblem> problems) {
        var documentType = draft.idDocumentType();
        var documentNumber = draft.idDocumentNumber();
        if (documentNumber != null && unreported(problems, "idDocumentNumber")) {
            documentNumber = documentNumber.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
            if (documentType == null) {
                problems.add(new FieldProblem("idDocumentType", "field.required"));
            } else if (!documentNumberValid(documentType, documentNumber)) {
                problems.add(new FieldProblem(
                        "idDocumentNumber",
                        "customer.id-document."
                                + documentType.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".invalid"));
            }
        } else if (documentNumber == null) {
            documentType = null;
        }
        var bankAccount = draft.bankAccount();
        if (bankAccount != null && unreported(problems, "bankAccount")) {
            bankAccount = bankAccount.replaceAll("[\\s-]", "");
            if (!bankAccount.matches("[0-9]{8,34}")) {
                problems.add(new FieldProblem("bankAccount", "customer.bank-account.invalid"));
            }
        }
        return new CustomerDetails.Identification(documentType, documentNumber, draft.bankName(), bankAccount);
    }

    private boolean documentNumberValid(IdDocumentType type, String number) {
        return switch (type) {
            case RESIDENT_ID -> ResidentIdNumber.valid(number, LocalDate.now(clock));
            case PASSPORT -> number.matches("[A-Z0-9]{5,20}");
            case HK_MACAU_PASS -> number.matches("[A-Z][A-Z0-9]{7,10}");
            case OTHER -> number.length() <= 50;
        };
    }

    ContactDetails validate(ContactDraft draft) {
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        birthDate(draft.birthDate(), "birthDate", problems);
        var points = contactPoints(draft.phones(), draft.emails(), draft.socialAccounts(), problems);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new ContactDetails(
                draft.name(),
                draft.gender(),
                draft.birthDate(),
                draft.jobTitle(),
                draft.department(),
                draft.decisionRole(),
                points,
                draft.remarks());
    }

    private ContactPoints contactPoints(
            List<PhoneInput> phoneInputs,
            List<EmailInput> emailInputs,
            List<SocialInput> socialInputs,
            List<FieldProblem> problems) {
        var phones = new ArrayList<ContactPoints.Phone>();
        var seenPhones = new HashSet<String>();
        var phoneList = phoneInputs == null ? List.<PhoneInput>of() : phoneInputs;
        for (int i = 0; i < phoneList.size() && i < MAX_POINTS; i++) {
            var input = phoneList.get(i);
            if (input == null || input.number() == null || input.number().isBlank()) {
                continue;
            }
            try {
                var number = PhoneNumber.parse(input.number(), defaultRegion);
                if (!seenPhones.add(number.e164())) {
                    problems.add(new FieldProblem("phones[" + i + "].number", "phone.duplicate"));
                } else {
                    phones.add(new ContactPoints.Phone(input.type() == null ? PhoneType.MOBILE : input.type(), number));
                }
            } catch (InvalidValueException e) {
                problems.add(new FieldProblem("phones[" + i + "].number", e.code()));
            }
        }
        var emails = new ArrayList<ContactPoints.Email>();
        var seenEmails = new HashSet<String>();
        var emailList = emailInputs == null ? List.<EmailInput>of() : emailInputs;
        for (int i = 0; i < emailList.size() && i < MAX_POINTS; i++) {
            var input = emailList.get(i);
            if (input == null || input.address() == null || input.address().isBlank()) {
                continue;
            }
            try {
                var address = EmailAddress.of(input.address());
                if (!seenEmails.add(address.value().toLowerCase(Locale.ROOT))) {
                    problems.add(new FieldProblem("emails[" + i + "].address", "email.duplicate"));
                } else {
                    emails.add(new ContactPoints.Email(input.type() == null ? EmailType.WORK : input.type(), address));
                }
            } catch (InvalidValueException e) {
                problems.add(new FieldProblem("emails[" + i + "].address", e.code()));
            }
        }
        var social = new ArrayList<ContactPoints.SocialAccount>();
        var socialList = socialInputs == null ? List.<SocialInput>of() : socialInputs;
        for (int i = 0; i < socialList.size() && i < MAX_POINTS; i++) {
            var input = socialList.get(i);
            if (input == null || input.handle() == null) {
                continue;
            }
            if (input.type() == null) {
                problems.add(new FieldProblem("socialAccounts[" + i + "].type", "field.required"));
            } else {
                social.add(new ContactPoints.SocialAccount(input.type(), input.handle()));
            }
        }
        return new ContactPoints(phones, emails, social);
    }

    private List<String> tags(List<String> names, List<FieldProblem> problems) {
        var tags = new LinkedHashSet<String>();
        if (names == null) {
            return List.of();
        }
        for (var tag : names) {
            if (tag != null) {
                tags.add(tag);
            }
        }
        if (tags.size() > MAX_TAGS) {
            problems.add(new FieldProblem("tags", "field.too-many", MAX_TAGS));
        }
        return List.copyOf(tags);
    }

    private void birthDate(LocalDate date, String field, List<FieldProblem> problems) {
        if (date != null && (date.isAfter(LocalDate.now(clock)) || date.isBefore(LocalDate.of(1900, 1, 1)))) {
            problems.add(new FieldProblem(field, "customer.birth-date.invalid"));
        }
    }

    /** Whether no problem has been reported for the field yet; its format is checked only then. */
    private static boolean unreported(List<FieldProblem> problems, String field) {
        return problems.stream().noneMatch(p -> p.field().equals(field));
    }

    private static String website(String value, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        if (!value.matches("(?i)https?://.*")) {
            value = "https://" + value;
        }
        try {
            var uri = URI.create(value);
            if (uri.getHost() == null || !uri.getHost().contains(".") || value.contains(" ")) {
                throw new IllegalArgumentException(value);
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("website", "customer.website.invalid"));
        }
        return value;
    }
}
