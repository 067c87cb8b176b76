package dev.dossier.customers;

/** What kind of mailbox an address reaches. */
public enum EmailType {
    WORK,
    PERSONAL,
    OTHER
}
