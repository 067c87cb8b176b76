package dev.dossier.customers;

/** A person's gender, as they gave it. */
public enum Gender {
    MALE,
    FEMALE,
    UNDISCLOSED
}
