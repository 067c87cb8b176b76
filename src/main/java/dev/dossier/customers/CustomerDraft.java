package dev.dossier.customers;

import dev.dossier.customers.Inputs.EmailInput;
import dev.dossier.customers.Inputs.PhoneInput;
import dev.dossier.customers.Inputs.SocialInput;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A customer as submitted by a form or the API, not yet validated. */
record CustomerDraft(
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
        List<PhoneInput> phones,
        List<EmailInput> emails,
        List<SocialInput> socialAccounts,
        List<String> tags,
        UUID ownerId,
        UUID teamId,
        String remarks,
        IdDocumentType idDocumentType,
        String idDocumentNumber,
        String bankName,
        String bankAccount,
        String preferredLanguage) {

    /** A draft without a preferred language. */
    CustomerDraft(CustomerType type, String name, String legalName, Gender gender, LocalDate birthDate,
            Industry industry, CompanySize companySize, String website, Grade grade, LifecycleStage lifecycleStage,
            Region region, SourceChannel sourceChannel, String country, String province, String city, String district,
            String addressLine, String postalCode, List<PhoneInput> phones, List<EmailInput> emails,
            List<SocialInput> socialAccounts, List<String> tags, UUID ownerId, UUID teamId, String remarks,
            IdDocumentType idDocumentType, String idDocumentNumber, String bankName, String bankAccount) {
        this(type, name, legalName, gender, birthDate, industry, companySize, website, grade, lifecycleStage, region,
                sourceChannel, country, province, city, district, addressLine, postalCode, phones, emails,
                socialAccounts, tags, ownerId, teamId, remarks, idDocumentType, idDocumentNumber, bankName,
                bankAccount, null);
    }

    /** A draft without identity document or bank account. */
    CustomerDraft(CustomerType type, String name, String legalName, Gender gender, LocalDate birthDate,
            Industry industry, CompanySize companySize, String website, Grade grade, LifecycleStage lifecycleStage,
            Region region, SourceChannel sourceChannel, String country, String province, String city, String district,
            String addressLine, String postalCode, List<PhoneInput> phones, List<EmailInput> emails,
            List<SocialInput> socialAccounts, List<String> tags, UUID ownerId, UUID teamId, String remarks) {
        this(type, name, legalName, gender, birthDate, industry, companySize, website, grade, lifecycleStage, region,
                sourceChannel, country, province, city, district, addressLine, postalCode, phones, emails,
                socialAccounts, tags, ownerId, teamId, remarks, null, null, null, null, null);
    }
}
