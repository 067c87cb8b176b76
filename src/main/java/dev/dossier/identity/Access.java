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
        CUSTOMERS, USERS
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
            case USERS -> false;
            case CUSTOMERS -> operation != Operation.PURGE;
        };
    }

    /** Throws {@link AccessDeniedException} unless the current user may do {@code operation} in {@code area}. */
    public void require(Area area, Operation operation) {
        if (!allows(area, operation)) {
            throw new AccessDeniedException(area + ":" + operation);
        }
    }
}
