package dev.dossier.customers;

/** Head-count band of a company: 1-9, 10-49, 50-199, 200-999, 1000-4999, 5000 and more. */
public enum CompanySize {
    MICRO,
    SMALL,
    MEDIUM,
    LARGE,
    XLARGE,
    ENTERPRISE
}
