package dev.dossier.customers;

import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.customers.ContactPoints.SocialInput;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NoControlCharacters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A customer as submitted by a form or the API, not yet validated; the field rules that need nothing else stand on
 * its components. Text comes trimmed, and the fields of the other type of customer are dropped (a company has no
 * gender, birth date or identity document; an individual no legal name, size or website).
 */
record CustomerDraft(
        @NotNull CustomerType type,

        @NotNull @Size(max = CustomerValidator.MAX_NAME) @NoControlCharacters
        String name,

        @Size(max = CustomerValidator.MAX_NAME) @NoControlCharacters
        String legalName,

        Gender gender,
        LocalDate birthDate,
        Industry industry,
        CompanySize companySize,
        @Size(max = 300) @NoControlCharacters String website,
        Grade grade,
        LifecycleStage lifecycleStage,
        Region region,
        SourceChannel sourceChannel,
        @Size(max = 2) @NoControlCharacters String country,
        @Size(max = 50) @NoControlCharacters String province,
        @Size(max = 50) @NoControlCharacters String city,
        @Size(max = 50) @NoControlCharacters String district,
        @Size(max = 300) @NoControlCharacters String addressLine,
        @Size(max = 20) @NoControlCharacters String postalCode,

        @Size(max = CustomerValidator.MAX_POINTS, message = TOO_MANY)
        List<PhoneInput> phones,

        @Size(max = CustomerValidator.MAX_POINTS, message = TOO_MANY)
        List<EmailInput> emails,

        @Size(max = CustomerValidator.MAX_POINTS, message = TOO_MANY)
        List<@Valid SocialInput> socialAccounts,

        List<@Size(max = 50) @NoControlCharacters String> tags,
        UUID ownerId,
        UUID teamId,

        @Size(max = CustomerValidator.MAX_REMARKS) @NoControlCharacters(lines = true)
        String remarks,

        IdDocumentType idDocumentType,
        @Size(max = 50) @NoControlCharacters String idDocumentNumber,
        @Size(max = 100) @NoControlCharacters String bankName,
        @Size(max = 50) @NoControlCharacters String bankAccount,
        String preferredLanguage) {

    static final String TOO_MANY = "{field.too-many}";

    CustomerDraft {
        boolean company = type == CustomerType.COMPANY;
        name = Inputs.trim(name);
        legalName = company ? Inputs.trim(legalName) : null;
        gender = company ? null : gender;
        birthDate = company ? null : birthDate;
        companySize = company ? companySize : null;
        website = company ? Inputs.trim(website) : null;
        country = Inputs.trim(country);
        province = Inputs.trim(province);
        city = Inputs.trim(city);
        district = Inputs.trim(district);
        addressLine = Inputs.trim(addressLine);
        postalCode = Inputs.trim(postalCode);
        tags = tags == null ? null : tags.stream().map(Inputs::trim).toList();
        remarks = Inputs.trim(remarks);
        idDocumentType = company ? null : idDocumentType;
        idDocumentNumber = company ? null : Inputs.trim(idDocumentNumber);
        bankName = Inputs.trim(bankName);
        bankAccount = Inputs.trim(bankAccount);
    }

    /** A draft without a preferred language. */
    CustomerDraft(
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
            String bankAccount) {
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
                null);
    }

    /** A draft without identity document or bank account. */
    CustomerDraft(
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
                null,
                null,
                null,
                null,
                null);
    }
}
