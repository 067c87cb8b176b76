package dev.dossier.customers;

/** What kind of phone a number reaches. */
public enum PhoneType {
    MOBILE,
    WORK,
    HOME,
    OTHER
}
