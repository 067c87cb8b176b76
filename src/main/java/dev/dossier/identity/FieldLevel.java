package dev.dossier.identity;

/** How much of a field group a role sees: from nothing to changing it. */
public enum FieldLevel {
    /** Not shown at all, not searchable. */
    HIDDEN,
    /** Shown masked ({@code 138****1234}), never in full. */
    MASKED,
    /** Shown masked, revealed in full on request; each reveal is recorded. */
    REVEAL,
    /** Shown in full. */
    READ,
    /** Shown in full and may be changed. */
    EDIT;

    /** Whether the values are shown in full without asking. */
    public boolean full() {
        return this == READ || this == EDIT;
    }

    /** Whether the values may be looked at in some form (masked or full), and searched for. */
    public boolean visible() {
        return this != HIDDEN;
    }

    public boolean editable() {
        return this == EDIT;
    }

    /** The more generous of two levels, for users holding several roles. */
    FieldLevel max(FieldLevel other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
