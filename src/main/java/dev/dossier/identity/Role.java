package dev.dossier.identity;

/** What a user does in the organisation; decides what they may do in Dossier. */
public enum Role {
    ADMINISTRATOR,
    MANAGER,
    SALES,
    SERVICE,
    FINANCE,
    AUDITOR
}
