package dev.dossier.identity;

import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Background work done on someone's behalf (an import they started) runs as that user, with their roles and reach as
 * they are when it runs: every access check applies to it as to their own requests, and a user who was disabled
 * meanwhile can do nothing more.
 */
@Component
public class ActingUser {

    private final UserRepository users;

    ActingUser(UserRepository users) {
        this.users = users;
    }

    /**
     * Runs {@code work} signed in as the user, then restores what was signed in before.
     *
     * @throws AccessDeniedException when the user no longer exists or is disabled
     */
    public <T> T as(UUID userId, Supplier<T> work) {
        var record = users.findById(userId)
                .filter(u -> Boolean.TRUE.equals(u.getEnabled()))
                .orElseThrow(() -> new AccessDeniedException("The user is disabled or gone"));
        var user = new SignedInUser(
                record.getId(),
                record.getUsername(),
                record.getDisplayName(),
                users.roles(record.getId()),
                record.getTeamId(),
                false);
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, DossierUserDetails.authorities(user)));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
