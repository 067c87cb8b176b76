package dev.dossier.customers;

import dev.dossier.customers.Inputs.EmailInput;
import dev.dossier.customers.Inputs.PhoneInput;
import dev.dossier.customers.Inputs.SocialInput;
import java.time.LocalDate;
import java.util.List;

/** A company's contact as submitted, not yet validated. */
record ContactDraft(
        String name,
        Gender gender,
        LocalDate birthDate,
        String jobTitle,
        String department,
        DecisionRole decisionRole,
        List<PhoneInput> phones,
        List<EmailInput> emails,
        List<SocialInput> socialAccounts,
        String remarks) {}
