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

/** A company's contact as submitted, not yet validated; text comes trimmed. */
record ContactDraft(
        @NotNull @Size(max = CustomerValidator.MAX_NAME) @NoControlCharacters
        String name,

        Gender gender,
        LocalDate birthDate,
        @Size(max = 100) @NoControlCharacters String jobTitle,
        @Size(max = 100) @NoControlCharacters String department,
        DecisionRole decisionRole,

        @Size(max = CustomerValidator.MAX_POINTS, message = CustomerDraft.TOO_MANY)
        List<PhoneInput> phones,

        @Size(max = CustomerValidator.MAX_POINTS, message = CustomerDraft.TOO_MANY)
        List<EmailInput> emails,

        @Size(max = CustomerValidator.MAX_POINTS, message = CustomerDraft.TOO_MANY)
        List<@Valid SocialInput> socialAccounts,

        @Size(max = CustomerValidator.MAX_REMARKS) @NoControlCharacters(lines = true)
        String remarks) {

    ContactDraft {
        name = Inputs.trim(name);
        jobTitle = Inputs.trim(jobTitle);
        department = Inputs.trim(department);
        remarks = Inputs.trim(remarks);
    }
}
