package dev.dossier.shared;

import java.util.UUID;

/**
 * Who does something: a signed-in user, an API token's owner, or the system itself (null id).
 *
 * @param userId the user's id, or null for the system
 * @param name a name to show
 */
public record Actor(UUID userId, String name) {

    public static final Actor SYSTEM = new Actor(null, "system");

    public boolean isSystem() {
        return userId == null;
    }
}
