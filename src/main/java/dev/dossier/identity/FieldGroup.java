package dev.dossier.identity;

/**
 * Groups of fields whose visibility is decided per role. Every module puts each of its fields in one group, so a
 * role's rights over, say, financial data hold the same for customers, orders and payments.
 */
public enum FieldGroup {
    /** Names, classification, grade, stage, owner, tags, remarks. */
    BASIC,
    /** Phones, emails and social accounts. */
    CONTACT,
    /** Postal addresses. */
    ADDRESS,
    /** Identity documents and birth dates. */
    IDENTITY,
    /** Bank accounts, payment data and amounts. */
    FINANCIAL
}
