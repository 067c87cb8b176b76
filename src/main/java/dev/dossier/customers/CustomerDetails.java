package dev.dossier.customers;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A customer's editable details after validation and normalisation; {@code preferredLanguage} is the language tag
 * ({@code en}, {@code zh-CN}) Dossier writes to the customer in, or null for the installation's default.
 */
record CustomerDetails(
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
        Address address,
        ContactPoints contactPoints,
        List<String> tags,
        UUID ownerId,
        UUID teamId,
        String remarks,
        Identification identification,
        String preferredLanguage) {

    /** Details without a preferred language. */
    CustomerDetails(
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
            Address address,
            ContactPoints contactPoints,
            List<String> tags,
            UUID ownerId,
            UUID teamId,
            String remarks,
            Identification identification) {
        this(
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
                address,
                contactPoints,
                tags,
                ownerId,
                teamId,
                remarks,
                identification,
                null);
    }

    /** Details without identity document or bank account. */
    CustomerDetails(
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
            Address address,
            ContactPoints contactPoints,
            List<String> tags,
            UUID ownerId,
            UUID teamId,
            String remarks) {
        this(
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
                address,
                contactPoints,
                tags,
                ownerId,
                teamId,
                remarks,
                Identification.NONE);
    }

    /**
     * Sensitive identification: an individual's identity document, and the bank account of either kind.
     *
     * @param documentType kind of identity document, or null
     * @param documentNumber its number (upper case, no spaces), or null
     * @param bankName bank and branch, or null
     * @param bankAccount account number (digits), or null
     */
    record Identification(IdDocumentType documentType, String documentNumber, String bankName, String bankAccount) {
        static final Identification NONE = new Identification(null, null, null, null);
    }

    /**
     * A postal address; province, city and district are used for China.
     */
    record Address(String country, String province, String city, String district, String line, String postalCode) {
        static final Address NONE = new Address(null, null, null, null, null, null);
    }
}
