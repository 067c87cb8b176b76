package dev.dossier.customers;

/** How much a customer matters to the business. */
public enum Grade {
    POTENTIAL,
    ORDINARY,
    IMPORTANT,
    VIP
}
