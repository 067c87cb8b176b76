package dev.dossier.customers;

/** Whether a customer is a person or an organisation. */
public enum CustomerType {
    INDIVIDUAL,
    COMPANY
}
