package dev.dossier.quality;

/**
 * Why two customers may be the same, or why they may not. A reason for adds its weight as a probability
 * ({@code 1 - (1 - score)(1 - weight)}); a reason against multiplies the score by its weight.
 */
enum Reason {
    /** The same identity document number. */
    ID_DOCUMENT(true, 0.99),
    /** The same phone number, in whatever format it was typed. */
    PHONE(true, 0.7),
    /** The same email address, whatever its case. */
    EMAIL(true, 0.7),
    /** Organisations whose names are equal once legal form, place, case and script are set aside. */
    COMPANY_NAME(true, 0.9),
    /** Persons with the same name, however it was spaced, cased or written (simplified or traditional). */
    PERSON_NAME(true, 0.5),
    /** Persons whose names differ by one typo. */
    PERSON_NAME_TYPO(true, 0.4),
    /** Persons with the same or nearly the same name and the same birth date. */
    BIRTH_DATE(true, 0.7),
    /** Persons whose names have nothing in common: relatives or colleagues sharing a phone or address. */
    PERSON_NAME_DIFFERENT(false, 0.5),
    /** Organisations whose names differ. */
    COMPANY_NAME_DIFFERENT(false, 0.8),
    /** Organisations in different places: branches, or namesakes in other cities. */
    PLACE_DIFFERENT(false, 0.3),
    /** Different birth dates. */
    BIRTH_DATE_DIFFERENT(false, 0.3),
    /** Different identity documents. */
    ID_DOCUMENT_DIFFERENT(false, 0.1),
    /** A person and an organisation. */
    TYPE_DIFFERENT(false, 0.5);

    private final boolean evidence;
    private final double weight;

    Reason(boolean evidence, double weight) {
        this.evidence = evidence;
        this.weight = weight;
    }

    /** Whether this is a reason for a match (else against); public for the rules page. */
    public boolean evidence() {
        return evidence;
    }

    /** The weight a new installation starts with. */
    double defaultWeight() {
        return weight;
    }
}
