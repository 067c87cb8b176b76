package dev.dossier.identity;

import dev.dossier.shared.Actor;
import java.util.Set;
import java.util.UUID;

/**
 * The user on whose behalf a request runs.
 *
 * @param id user id
 * @param username sign-in name
 * @param displayName name shown to people
 * @param roles roles held
 * @param teamId team, or null
 * @param mustChangePassword true until a first-time or reset password is changed
 */
public record SignedInUser(
        UUID id, String username, String displayName, Set<Role> roles, UUID teamId, boolean mustChangePassword) {

    public SignedInUser {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public Actor actor() {
        return new Actor(id, displayName);
    }
}
