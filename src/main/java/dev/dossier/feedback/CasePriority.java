package dev.dossier.feedback;

/** How urgent a case is, from low to urgent. */
public enum CasePriority {
    LOW,
    NORMAL,
    HIGH,
    URGENT;

    /** The next higher priority, or this one when it is already urgent. */
    public CasePriority raised() {
        return this == URGENT ? URGENT : values()[ordinal() + 1];
    }
}
