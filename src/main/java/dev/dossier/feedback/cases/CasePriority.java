package dev.dossier.feedback.cases;

/** How urgent a case is, from low to urgent. */
enum CasePriority {
    LOW, NORMAL, HIGH, URGENT;

    /** The next higher priority, or this one when it is already urgent. */
    public CasePriority raised() {
        return this == URGENT ? URGENT : values()[ordinal() + 1];
    }
}
