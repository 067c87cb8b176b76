package dev.dossier.identity;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The single place where Dossier decides who may do what. Every page, API call and export asks here
 * before it reads or writes; nothing else in the code decides access.
 */
@Component
public class Access {

    /** Areas of Dossier that access is decided for. */
    public enum Area {
        /** Customer dossiers and their contacts. */
        CUSTOMERS,
        /** Users, teams, roles and permissions. */
        USERS,
        /** The audit trail. */
        AUDIT,
        /** Consents, data-subject requests and retention rules. */
        PRIVACY,
        /** Backups, restores, encryption keys and other settings of the installation. */
        SYSTEM
    }

    /** What someone wants to do in an area. */
    public enum Operation {
        READ, CREATE, EDIT, DELETE, EXPORT,
        /** Remove permanently, beyond the trash. */
        PURGE
    }

    /** Whether the current user may do {@code operation} in {@code area}. */
    public boolean allows(Area area, Operation operation) {
        return CurrentUser.find().map(user -> allows(user, area, operation)).orElse(false);
    }

    /** Same as {@link #allows(Area, Operation)}, for a given user. */
    public boolean allows(SignedInUser user, Area area, Operation operation) {
        if (user.has(Role.ADMINISTRATOR)) {
            return true;
        }
        return switch (area) {
            case USERS, SYSTEM -> false;
            case CUSTOMERS -> operation != Operation.PURGE;
            case AUDIT -> user.has(Role.AUDITOR) && (operation == Operation.READ || operation == Operation.EXPORT);
            case PRIVACY -> user.has(Role.MANAGER) && operation != Operation.PURGE;
        };
    }

    /** Throws {@link AccessDeniedException} unless the current user may do {@code operation} in {@code area}. */
    public void require(Area area, Operation operation) {
        if (!allows(area, operation)) {
            throw new AccessDeniedException(area + ":" + operation);
        }
    }
}
