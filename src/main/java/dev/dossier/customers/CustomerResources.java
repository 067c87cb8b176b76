package dev.dossier.customers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.customers.ContactPoints.SocialInput;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the customer API. */
final class CustomerResources {

    private CustomerResources() {}

    /**
     * A customer as created or replaced through the API. The fields that only answers carry are ignored, so that a
     * customer read with GET can be sent back with PUT.
     */
    @Schema(name = "CustomerInput")
    @JsonIgnoreProperties({"id", "createdAt", "updatedAt", "deletedAt", "restrictedFieldGroups"})
    record CustomerPayload(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            CustomerType type,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200)
            String name,

            String legalName,
            Gender gender,
            LocalDate birthDate,
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
            List<String> tags,
            UUID ownerId,
            UUID teamId,
            String remarks,
            @Schema(description = "Individuals only") IdDocumentType idDocumentType,

            @Schema(
                    description = "Individuals only; a resident identity number must pass its check character",
                    maxLength = 50)
            String idDocumentNumber,

            @Schema(maxLength = 100) String bankName,

            @Schema(description = "8 to 34 digits", maxLength = 50)
            String bankAccount,

            @Schema(
                    description = "The language Dossier writes to the customer in: en or zh-CN; empty for the "
                            + "installation's default",
                    allowableValues = {"en", "zh-CN"})
            String preferredLanguage,

            @Schema(description = "The version edited; alternatively send If-Match")
            Integer version) {

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
                    tags,
                    ownerId,
                    teamId,
                    remarks,
                    idDocumentType,
                    idDocumentNumber,
                    bankName,
                    bankAccount,
                    preferredLanguage);
        }
    }

    /** A contact as created or replaced through the API; the fields only answers carry are ignored. */
    @Schema(name = "ContactInput")
    @JsonIgnoreProperties({"id", "customerId", "createdAt", "updatedAt", "restrictedFieldGroups"})
    record ContactPayload(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200)
            String name,

            Gender gender,
            LocalDate birthDate,
            String jobTitle,
            String department,
            DecisionRole decisionRole,
            List<PhoneInput> phones,
            List<EmailInput> emails,
            List<SocialInput> socialAccounts,
            String remarks,
            Integer version) {

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
    }

    /**
     * A phone in a response.
     *
     * @param type kind
     * @param number E.164
     * @param formatted as people write it
     */
    record PhoneView(PhoneType type, String number, String formatted) {}

    /**
     * An email in a response.
     *
     * @param type kind
     * @param address the address
     */
    record EmailView(EmailType type, String address) {}

    /**
     * A social account in a response.
     *
     * @param type network
     * @param handle account
     */
    record SocialView(SocialType type, String handle) {}

    /** A customer as the API returns it. */
    @Schema(name = "Customer")
    record CustomerResource(
            UUID id,
            CustomerType type,
            String name,
            String legalName,
            Gender gender,
            LocalDate birthDate,
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
            List<PhoneView> phones,
            List<EmailView> emails,
            List<SocialView> socialAccounts,
            List<String> tags,
            UUID ownerId,
            UUID teamId,
            String remarks,
            IdDocumentType idDocumentType,
            String idDocumentNumber,
            String bankName,
            String bankAccount,
            String preferredLanguage,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime deletedAt,
            int version,

            @Schema(
                    description = "Field groups shown masked or left out for the caller's role; "
                            + "GET with reveal=CONTACT (or another group) shows masked ones in full where the role may")
            List<dev.dossier.identity.FieldGroup> restrictedFieldGroups) {

        static CustomerResource of(Customer c, String region) {
            var d = c.details();
            var a = d.address();
            var id = d.identification();
            return new CustomerResource(
                    c.id(),
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
                    phoneViews(d.contactPoints(), region),
                    emailViews(d.contactPoints()),
                    socialViews(d.contactPoints()),
                    d.tags(),
                    d.ownerId(),
                    d.teamId(),
                    d.remarks(),
                    id.documentType(),
                    id.documentNumber(),
                    id.bankName(),
                    id.bankAccount(),
                    d.preferredLanguage(),
                    c.createdAt(),
                    c.updatedAt(),
                    c.deletedAt(),
                    c.version(),
                    List.of());
        }
    }

    /** A contact as the API returns it. */
    @Schema(name = "Contact")
    record ContactResource(
            UUID id,
            UUID customerId,
            String name,
            Gender gender,
            LocalDate birthDate,
            String jobTitle,
            String department,
            DecisionRole decisionRole,
            List<PhoneView> phones,
            List<EmailView> emails,
            List<SocialView> socialAccounts,
            String remarks,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            int version,
            List<dev.dossier.identity.FieldGroup> restrictedFieldGroups) {

        static ContactResource of(Contact c, String region) {
            var d = c.details();
            return new ContactResource(
                    c.id(),
                    c.customerId(),
                    d.name(),
                    d.gender(),
                    d.birthDate(),
                    d.jobTitle(),
                    d.department(),
                    d.decisionRole(),
                    phoneViews(d.contactPoints(), region),
                    emailViews(d.contactPoints()),
                    socialViews(d.contactPoints()),
                    d.remarks(),
                    c.createdAt(),
                    c.updatedAt(),
                    c.version(),
                    List.of());
        }
    }

    /**
     * One page of a list.
     *
     * @param items this page
     * @param nextCursor pass as {@code cursor} for the next page; null on the last
     */
    record Page<T>(List<T> items, String nextCursor) {}

    private static List<PhoneView> phoneViews(ContactPoints p, String region) {
        return p.phones().stream()
                .map(x -> new PhoneView(x.type(), x.number().e164(), x.number().formatted(region)))
                .toList();
    }

    private static List<EmailView> emailViews(ContactPoints p) {
        return p.emails().stream()
                .map(x -> new EmailView(x.type(), x.address().value()))
                .toList();
    }

    private static List<SocialView> socialViews(ContactPoints p) {
        return p.socialAccounts().stream()
                .map(x -> new SocialView(x.type(), x.handle()))
                .toList();
    }
}
