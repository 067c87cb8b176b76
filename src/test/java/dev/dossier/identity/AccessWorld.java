package dev.dossier.identity;

import static dev.dossier.db.Tables.RECORD_SHARE;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * People, teams and customers for the access tests, made the way users make them: people and teams through
 * {@link UserManagement}, customers and contacts through the API as an administrator.
 */
final class AccessWorld {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A user acting in a test.
     *
     * @param id user id
     * @param username sign-in name
     * @param role the one role they hold
     * @param teamId their team, or null
     * @param auth signs a MockMvc request in as them
     */
    record Person(UUID id, String username, Role role, UUID teamId, RequestPostProcessor auth) {}

    private final MockMvc mvc;
    private final UserManagement users;
    private final UserDetailsService details;
    private final DSLContext db;
    private final IdentityCache caches;
    final Person admin;

    AccessWorld(MockMvc mvc, UserManagement users, UserDetailsService details, DSLContext db, IdentityCache caches) {
        this.mvc = mvc;
        this.users = users;
        this.details = details;
        this.db = db;
        this.caches = caches;
        this.admin = person(Role.ADMINISTRATOR, null, null);
    }

    /** A new user with one role, in a team (or none) and reporting to a manager (or nobody). */
    Person person(Role role, UUID teamId, UUID managerId) {
        var username = "acc-" + role.name().toLowerCase() + "-" + letters(8);
        var previous = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.clearContext();
        try {
            var id = users.create(
                    new UserManagement.UserDraft(
                            username,
                            "Access " + username,
                            username + "@test.example.com",
                            Set.of(role),
                            teamId,
                            null,
                            true),
                    TestUsers.PASSWORD,
                    false);
            if (managerId != null) {
                users.assignManager(id, managerId);
            }
            return new Person(id, username, role, teamId, user(details.loadUserByUsername(username)));
        } finally {
            if (previous != null) {
                SecurityContextHolder.getContext().setAuthentication(previous);
            }
        }
    }

    /** A new team, under a parent team or at the top. */
    UUID team(UUID parentId) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.clearContext();
        try {
            return users.createTeam("Access team " + letters(8), parentId, null);
        } finally {
            if (previous != null) {
                SecurityContextHolder.getContext().setAuthentication(previous);
            }
        }
    }

    /** A company owned by someone, in a team, with a phone. */
    static Map<String, Object> company(String name, UUID ownerId, UUID teamId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("name", name);
        body.put("industry", "IT_SOFTWARE");
        body.put("phones", List.of(Map.of("type", "WORK", "number", "021-6" + digits(7))));
        body.put("ownerId", ownerId);
        body.put("teamId", teamId);
        return body;
    }

    /** Registers a customer as the administrator; returns the customer as the API answered. */
    JsonNode customer(Map<String, Object> body) throws Exception {
        var response = mvc.perform(post("/api/v1/customers")
                        .with(admin.auth())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(body)))
                .andReturn()
                .getResponse();
        if (response.getStatus() != 201) {
            throw new IllegalStateException(
                    "Could not register " + body + ": " + response.getStatus() + " " + response.getContentAsString());
        }
        return JSON.readTree(response.getContentAsString());
    }

    /** Adds a contact to a company as the administrator; returns its id. */
    UUID contact(UUID customerId) throws Exception {
        var response = mvc.perform(post("/api/v1/customers/" + customerId + "/contacts")
                        .with(admin.auth())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Contact " + letters(6) + "\",\"phones\":[{\"number\":\"139" + digits(8)
                                + "\"}]}"))
                .andReturn()
                .getResponse();
        if (response.getStatus() != 201) {
            throw new IllegalStateException("Could not add a contact: " + response.getContentAsString());
        }
        return UUID.fromString(
                JSON.readTree(response.getContentAsString()).get("id").asString());
    }

    /** Moves a customer to the trash as the administrator. */
    void trash(UUID customerId) throws Exception {
        int status = mvc.perform(delete("/api/v1/customers/" + customerId).with(admin.auth()))
                .andReturn()
                .getResponse()
                .getStatus();
        if (status != 204) {
            throw new IllegalStateException("Could not trash " + customerId + ": " + status);
        }
    }

    /** A customer's current version, read as the administrator. */
    int version(UUID customerId) throws Exception {
        var response = mvc.perform(get("/api/v1/customers/" + customerId).with(admin.auth()))
                .andReturn()
                .getResponse();
        return JSON.readTree(response.getContentAsString()).get("version").asInt();
    }

    /** Shares a customer with one user, read only. */
    void share(UUID customerId, UUID userId) {
        db.insertInto(RECORD_SHARE)
                .set(RECORD_SHARE.ID, UUID.randomUUID())
                .set(RECORD_SHARE.RECORD_TYPE, "customer")
                .set(RECORD_SHARE.RECORD_ID, customerId)
                .set(RECORD_SHARE.USER_ID, userId)
                .set(RECORD_SHARE.CAN_EDIT, false)
                .set(RECORD_SHARE.CREATED_AT, TestClock.utcNow())
                .execute();
        // Written here past RecordShares, so the change is announced by hand.
        caches.changed();
    }

    /** Shares a customer with a whole team, read only. */
    void shareWithTeam(UUID customerId, UUID teamId) {
        db.insertInto(RECORD_SHARE)
                .set(RECORD_SHARE.ID, UUID.randomUUID())
                .set(RECORD_SHARE.RECORD_TYPE, "customer")
                .set(RECORD_SHARE.RECORD_ID, customerId)
                .set(RECORD_SHARE.TEAM_ID, teamId)
                .set(RECORD_SHARE.CAN_EDIT, false)
                .set(RECORD_SHARE.CREATED_AT, TestClock.utcNow())
                .execute();
        // Written here past RecordShares, so the change is announced by hand.
        caches.changed();
    }

    static String letters(int length) {
        var random = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    static String digits(int length) {
        var random = ThreadLocalRandom.current();
        var out = new StringBuilder();
        out.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < length; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }
}
