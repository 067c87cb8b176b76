package dev.dossier.support;

import dev.dossier.identity.Role;
import dev.dossier.identity.UserManagement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Creates users for tests, each with a unique name and the password {@link #PASSWORD}. */
@Component
public class TestUsers {

    public static final String PASSWORD = "test-password-1";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-1";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final UserManagement management;
    private final dev.dossier.identity.UserDirectory directory;

    TestUsers(UserManagement management, dev.dossier.identity.UserDirectory directory) {
        this.management = management;
        this.directory = directory;
    }

    /** A new team, created as the system; returns its id. */
    public UUID team(UUID parentId) {
        return asSystem(() ->
                management.createTeam("Team " + UUID.randomUUID().toString().substring(0, 8), parentId, null));
    }

    /** A new enabled user of a team; returns the user name. */
    public String createInTeam(UUID teamId, Role... roles) {
        var username = "user" + COUNTER.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        asSystem(() -> management.create(
                new UserManagement.UserDraft(
                        username,
                        "Test " + username,
                        username + "@test.example.com",
                        Set.of(roles),
                        teamId,
                        null,
                        true),
                PASSWORD,
                false));
        return username;
    }

    /** Makes one user report to another. */
    public void reportsTo(String username, String managerUsername) {
        asSystem(() -> {
            management.assignManager(id(username), id(managerUsername));
            return null;
        });
    }

    public UUID id(String username) {
        return directory.userByUsername(username).orElseThrow().id();
    }

    private static <T> T asSystem(java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        try {
            SecurityContextHolder.clearContext();
            return work.get();
        } finally {
            if (previous != null) {
                SecurityContextHolder.getContext().setAuthentication(previous);
            }
        }
    }

    /** A new enabled user with the given roles; returns the user name. */
    public String create(Role... roles) {
        var username = "user" + COUNTER.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        var previous = SecurityContextHolder.getContext().getAuthentication();
        try {
            // Created as the system, like the first administrator.
            SecurityContextHolder.clearContext();
            management.create(
                    new UserManagement.UserDraft(
                            username,
                            "Test " + username,
                            username + "@test.example.com",
                            Set.of(roles),
                            null,
                            null,
                            true),
                    PASSWORD,
                    false);
        } finally {
            if (previous != null) {
                SecurityContextHolder.getContext().setAuthentication(previous);
            }
        }
        return username;
    }

    static UsernamePasswordAuthenticationToken none() {
        return null;
    }
}
