package dev.dossier.identity;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A sign-in whose password was right and which waits for the second factor; kept in the session, never as an
 * authentication.
 *
 * @param userId who
 * @param username their sign-in name
 * @param since when the password was accepted
 */
record PendingSignIn(UUID userId, String username, Instant since) implements Serializable {

    /** The session attribute that holds it. */
    static final String ATTRIBUTE = PendingSignIn.class.getName();
    /** The session attribute with the instant of the session's last request, for the idle timeout. */
    static final String LAST_SEEN = PendingSignIn.class.getName() + ".lastSeen";
    /** How long the code page waits for the code. */
    static final java.time.Duration PATIENCE = java.time.Duration.ofMinutes(5);
}
