package dev.dossier.identity;

import dev.dossier.shared.Actor;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user of the current request. */
public final class CurrentUser {

    private CurrentUser() {}

    public static Optional<SignedInUser> find() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return Optional.empty();
        }
        return switch (authentication.getPrincipal()) {
            case DossierUserDetails details -> Optional.of(details.user());
            case SignedInUser user -> Optional.of(user);
            case null, default -> Optional.empty();
        };
    }

    /** The signed-in user; throws when nobody is signed in. */
    public static SignedInUser get() {
        return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("Not signed in"));
    }

    /** The signed-in user as an actor, or the system when no one is signed in (start-up, schedules). */
    public static Actor actor() {
        return find().map(SignedInUser::actor).orElse(Actor.SYSTEM);
    }
}
