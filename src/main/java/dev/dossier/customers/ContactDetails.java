package dev.dossier.customers;

import java.time.LocalDate;

/** A contact's editable details after validation and normalisation. */
record ContactDetails(
        String name,
        Gender gender,
        LocalDate birthDate,
        String jobTitle,
        String department,
        DecisionRole decisionRole,
        ContactPoints contactPoints,
        String remarks) {}
