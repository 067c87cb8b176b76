package dev.dossier.customers;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A customer's editable details after validation and normalisation. */
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
        String remarks) {

    /**
     * A postal address; province, city and district are used for China.
     */
    record Address(String country, String province, String city, String district, String line, String postalCode) {
        static final Address NONE = new Address(null, null, null, null, null, null);
    }
}
