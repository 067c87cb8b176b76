package dev.dossier.customers;

import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.customers.ContactPoints.SocialInput;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;

/** The customer and contact forms of the pages, as submitted and as shown again. */
final class CustomerForms {

    private CustomerForms() {}

    /** The customer form; tags are typed as one comma-separated text. */
    record CustomerForm(
            CustomerType type,
            String name,
            String legalName,
            Gender gender,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate birthDate,
            Industry industry,
            CompanySize companySize,
            String website,
            Grade grade,
            LifecycleStage lifecycleStage,
            Region region,
            SourceChannel sourceChannel,
            String country,
            String province,
            String city,
            String district,
            String addressLine,
            String postalCode,
            List<PhoneInput> phones,
            List<EmailInput> emails,
            List<SocialInput> socialAccounts,
            String tags,
            UUID ownerId,
            UUID teamId,
            String remarks,
            IdDocumentType idDocumentType,
            String idDocumentNumber,
            String bankName,
            String bankAccount,
            String preferredLanguage,
            Integer version) {

        static CustomerForm blank(CustomerType type, UUID ownerId) {
            return new CustomerForm(
                    type,
                    "",
                    "",
                    null,
                    null,
                    null,
                    null,
                    "",
                    Grade.POTENTIAL,
                    LifecycleStage.LEAD,
                    null,
                    null,
                    "CN",
                    "",
                    "",
                    "",
                    "",
                    "",
                    List.of(),
                    List.of(),
                    List.of(),
                    "",
                    ownerId,
                    null,
                    "",
                    null,
                    "",
                    "",
                    "",
                    "",
                    null);
        }

        static CustomerForm of(Customer customer) {
            var d = customer.details();
            var a = d.address();
            var p = d.contactPoints();
            return new CustomerForm(
                    d.type(),
                    d.name(),
                    d.legalName(),
                    d.gender(),
                    d.birthDate(),
                    d.industry(),
                    d.companySize(),
                    d.website(),
                    d.grade(),
                    d.lifecycleStage(),
                    d.region(),
                    d.sourceChannel(),
                    a.country(),
                    a.province(),
                    a.city(),
                    a.district(),
                    a.line(),
                    a.postalCode(),
                    p.phones().stream()
                            .map(x -> new PhoneInput(x.type(), x.number().nationalFormatted()))
                            .toList(),
                    p.emails().stream()
                            .map(x -> new EmailInput(x.type(), x.address().value()))
                            .toList(),
                    p.socialAccounts().stream()
                            .map(x -> new SocialInput(x.type(), x.handle()))
                            .toList(),
                    String.join(", ", d.tags()),
                    d.ownerId(),
                    d.teamId(),
                    d.remarks(),
                    d.identification().documentType(),
                    d.identification().documentNumber(),
                    d.identification().bankName(),
                    d.identification().bankAccount(),
                    d.preferredLanguage() == null ? "" : d.preferredLanguage(),
                    customer.version());
        }

        CustomerDraft toDraft() {
            return new CustomerDraft(
                    type,
                    name,
                    legalName,
                    gender,
                    birthDate,
                    industry,
                    companySize,
                    website,
                    grade,
                    lifecycleStage,
                    region,
                    sourceChannel,
                    country,
                    province,
                    city,
                    district,
                    addressLine,
                    postalCode,
                    phones,
                    emails,
                    socialAccounts,
                    splitTags(tags),
                    ownerId,
                    teamId,
                    remarks,
                    idDocumentType,
                    idDocumentNumber,
                    bankName,
                    bankAccount,
                    preferredLanguage);
        }

        /**
         * The same form to show again: rows left empty are dropped, and each kind of contact point gets one empty
         * row to type into, two for the kind the person asked for one more of ({@code addRow}).
         */
        CustomerForm withBlankRows(String addRow) {
            return new CustomerForm(
                    type,
                    name,
                    legalName,
                    gender,
                    birthDate,
                    industry,
                    companySize,
                    website,
                    grade,
                    lifecycleStage,
                    region,
                    sourceChannel,
                    country,
                    province,
                    city,
                    district,
                    addressLine,
                    postalCode,
                    phoneRows(phones, addRow),
                    emailRows(emails, addRow),
                    socialRows(socialAccounts, addRow),
                    tags,
                    ownerId,
                    teamId,
                    remarks,
                    idDocumentType,
                    idDocumentNumber,
                    bankName,
                    bankAccount,
                    preferredLanguage,
                    version);
        }
    }

    /** The contact form. */
    record ContactForm(
            String name,
            Gender gender,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate birthDate,
            String jobTitle,
            String department,
            DecisionRole decisionRole,
            List<PhoneInput> phones,
            List<EmailInput> emails,
            List<SocialInput> socialAccounts,
            String remarks,
            Integer version) {

        static ContactForm blank() {
            return new ContactForm("", null, null, "", "", null, List.of(), List.of(), List.of(), "", null);
        }

        static ContactForm of(Contact contact) {
            var d = contact.details();
            var p = d.contactPoints();
            return new ContactForm(
                    d.name(),
                    d.gender(),
                    d.birthDate(),
                    d.jobTitle(),
                    d.department(),
                    d.decisionRole(),
                    p.phones().stream()
                            .map(x -> new PhoneInput(x.type(), x.number().nationalFormatted()))
                            .toList(),
                    p.emails().stream()
                            .map(x -> new EmailInput(x.type(), x.address().value()))
                            .toList(),
                    p.socialAccounts().stream()
                            .map(x -> new SocialInput(x.type(), x.handle()))
                            .toList(),
                    d.remarks(),
                    contact.version());
        }

        ContactDraft toDraft() {
            return new ContactDraft(
                    name,
                    gender,
                    birthDate,
                    jobTitle,
                    department,
                    decisionRole,
                    phones,
                    emails,
                    socialAccounts,
                    remarks);
        }

        ContactForm withBlankRows(String addRow) {
            return new ContactForm(
                    name,
                    gender,
                    birthDate,
                    jobTitle,
                    department,
                    decisionRole,
                    phoneRows(phones, addRow),
                    emailRows(emails, addRow),
                    socialRows(socialAccounts, addRow),
                    remarks,
                    version);
        }
    }

    static List<String> splitTags(String tags) {
        if (tags == null || tags.isBlank()) {
            return List.of();
        }
        return Arrays.stream(tags.split("[,，;；]"))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .distinct()
                .toList();
    }

    static List<PhoneInput> phoneRows(List<PhoneInput> rows, String addRow) {
        return padded(
                rows,
                p -> p.number() == null || p.number().isBlank(),
                new PhoneInput(PhoneType.MOBILE, ""),
                "phone".equals(addRow));
    }

    static List<EmailInput> emailRows(List<EmailInput> rows, String addRow) {
        return padded(
                rows,
                e -> e.address() == null || e.address().isBlank(),
                new EmailInput(EmailType.WORK, ""),
                "email".equals(addRow));
    }

    static List<SocialInput> socialRows(List<SocialInput> rows, String addRow) {
        return padded(
                rows,
                x -> x.handle() == null || x.handle().isBlank(),
                new SocialInput(SocialType.WECHAT, ""),
                "social".equals(addRow));
    }

    private static <T> List<T> padded(List<T> rows, java.util.function.Predicate<T> empty, T blank, boolean oneMore) {
        var list = new ArrayList<T>(
                rows == null
                        ? List.of()
                        : rows.stream().filter(r -> r != null && !empty.test(r)).toList());
        list.add(blank);
        if (oneMore && list.size() < CustomerValidator.MAX_POINTS) {
            list.add(blank);
        }
        return list;
    }
}
