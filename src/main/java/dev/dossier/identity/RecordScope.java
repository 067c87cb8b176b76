package dev.dossier.identity;

/** Which records of an area a role reaches. Records shared with a user or their team are reachable in any scope. */
public enum RecordScope {
    /** Records the user owns, and those owned by people who report to them. */
    OWN,
    /** Also the records of the user's team. */
    TEAM,
    /** Also the records of the teams below the user's team. */
    TEAM_TREE,
    /** Every record. */
    ALL;

    RecordScope max(RecordScope other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
