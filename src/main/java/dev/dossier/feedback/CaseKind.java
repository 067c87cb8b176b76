package dev.dossier.feedback;

/** What a case is about. */
public enum CaseKind {
    /** A product does not work as it should. */
    DEFECT,
    /** The customer is unhappy and says so. */
    COMPLAINT,
    /** How using a product felt. */
    EXPERIENCE,
    /** How the customer was served. */
    SERVICE_QUALITY,
    /** An idea for doing better. */
    SUGGESTION,
    /** A question. */
    INQUIRY
}
