package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.ROLE_FIELD_ACCESS;
import static dev.dossier.db.Tables.ROLE_PERMISSION;
import static dev.dossier.db.Tables.TEAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.dossier.DossierTest;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Policy.Grant;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Tokens, users, their reach and the roles' rights are kept in memory between requests, and every kind of change
 * still holds from the very next request: a role, a role's rights, a share added and withdrawn, a team moved under
 * another, a user moved to another team, a new manager, a disabled user, a password to change, a revoked token and
 * an expired one. Each test first makes the requests that fill the caches, then changes, then asks again. Repeated
 * requests do not read who is asking from the database again.
 */
@DossierTest
@AutoConfigureMockMvc
@Import(IdentityCacheTest.StatementsConfiguration.class)
class IdentityCacheTest {

    private static final String CUSTOMERS = "/api/v1/customers";
    private static final String AUDIT = "/api/v1/audit";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    ApiTokens tokens;

    @Autowired
    UserManagement management;

    @Autowired
    UserRepository userRepository;

    @Autowired
    RoleManagement roles;

    @Autowired
    RecordShares shares;

    @Autowired
    IdentityCache caches;

    @Autowired
    TestClock clock;

    @Autowired
    DSLContext db;

    @Autowired
    MockMvc mvc;

    @Autowired
    Statements statements;

    @Test
    void aNewRoleHoldsFromTheNextRequest() {
        var username = users.create(Role.SALES);
        var client = client(username);
        assertThat(client.get(AUDIT).status()).isEqualTo(403);
        assertThat(client.get(AUDIT).status()).isEqualTo(403);

        change(username, Set.of(Role.AUDITOR), null, true);

        assertThat(client.get(AUDIT).status()).isEqualTo(200);
    }

    @Test
    void changedRightsOfARoleHoldFromTheNextRequest() {
        var client = client(users.create(Role.FINANCE));
        assertThat(client.get(AUDIT).status()).isEqualTo(403);

        try {
            financeMay(Area.AUDIT, new Grant(EnumSet.of(Operation.READ), RecordScope.ALL));
            assertThat(client.get(AUDIT).status()).isEqualTo(200);
        } finally {
            financeAsByDefault();
        }
        assertThat(client.get(AUDIT).status()).isEqualTo(403);
    }

    @Test
    void aShareOpensTheRecordAtOnceAndItsWithdrawalClosesIt() {
        var owner = users.create(Role.SALES);
        var other = users.create(Role.SALES);
        var customer = customer(users.id(owner), null);
        var client = client(other);
        assertThat(listed(client)).doesNotContain(customer);
        assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(404);

        var share = asAdmin(() -> shares.share("customer", customer, users.id(other), null, false));

        assertThat(listed(client)).contains(customer);
        assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(200);

        asAdmin(() -> {
            shares.revoke("customer", customer, share.id());
            return null;
        });

        assertThat(listed(client)).doesNotContain(customer);
        assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(404);
    }

    @Test
    void aTeamMovedUnderTheUsersTeamIsReachedAtOnce() {
        var top = users.team(null);
        var elsewhere = users.team(null);
        var child = users.team(elsewhere);
        var reader = users.createInTeam(top, Role.FINANCE);
        var customer = customer(users.id(users.createInTeam(child, Role.SALES)), child);
        var client = client(reader);
        try {
            financeMay(Area.CUSTOMERS, new Grant(EnumSet.of(Operation.READ), RecordScope.TEAM_TREE));
            assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(404);
            assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(404);

            var team = db.selectFrom(TEAM).where(TEAM.ID.eq(child)).fetchOne();
            management.updateTeam(child, team.getVersion(), team.getName(), top, null);

            assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(200);
        } finally {
            financeAsByDefault();
        }
    }

    @Test
    void aUserMovedToAnotherTeamReachesItsRecordsAtOnce() {
        var before = users.team(null);
        var after = users.team(null);
        var reader = users.createInTeam(before, Role.FINANCE);
        var customer = customer(users.id(users.createInTeam(after, Role.SALES)), after);
        var client = client(reader);
        try {
            financeMay(Area.CUSTOMERS, new Grant(EnumSet.of(Operation.READ), RecordScope.TEAM));
            assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(404);

            change(reader, Set.of(Role.FINANCE), after, true);

            assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(200);
        } finally {
            financeAsByDefault();
        }
    }

    @Test
    void aNewManagerReachesTheRecordsOfTheirReportAtOnce() {
        var manager = users.create(Role.SALES);
        var report = users.create(Role.SALES);
        var customer = customer(users.id(report), null);
        var client = client(manager);
        assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(404);
        assertThat(listed(client)).doesNotContain(customer);

        users.reportsTo(report, manager);

        assertThat(client.get(CUSTOMERS + "/" + customer).status()).isEqualTo(200);
        assertThat(listed(client)).contains(customer);
    }

    @Test
    void aDisabledUsersTokenIsRefusedAtOnce() {
        var username = users.create(Role.SALES);
        var client = client(username);
        assertThat(client.get(CUSTOMERS).status()).isEqualTo(200);

        change(username, Set.of(Role.SALES), null, false);

        assertThat(client.get(CUSTOMERS).status()).isEqualTo(401);
    }

    @Test
    void aPasswordResetClosesTheApiAtOnce() {
        var username = users.create(Role.SALES);
        var client = client(username);
        assertThat(client.get(CUSTOMERS).status()).isEqualTo(200);

        management.resetPassword(users.id(username));

        var answer = client.get(CUSTOMERS);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("type").asString()).isEqualTo("urn:dossier:problem:password-change-required");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndANewOneWorksAtOnce() {
        var username = users.create(Role.SALES);
        var id = users.id(username);
        var issued = tokens.issue(id, "cache", null);
        var client = new ApiClient(port).withToken(issued.token());
        assertThat(client.get(CUSTOMERS).status()).isEqualTo(200);

        tokens.revoke(id, issued.id());

        assertThat(client.get(CUSTOMERS).status()).isEqualTo(401);
        assertThat(client(username).get(CUSTOMERS).status()).isEqualTo(200);
    }

    @Test
    void aTokenStopsWorkingWhenItExpiresOnTheClock() {
        var username = users.create(Role.SALES);
        var issued = tokens.issue(users.id(username), "a day", 1);
        var client = new ApiClient(port).withToken(issued.token());
        try {
            clock.pinAt(issued.createdAt().toInstant());
            assertThat(client.get(CUSTOMERS).status()).isEqualTo(200);
            clock.moveBy(Duration.ofDays(1).minusMinutes(1));
            assertThat(client.get(CUSTOMERS).status()).isEqualTo(200);

            clock.moveBy(Duration.ofMinutes(2));

            assertThat(client.get(CUSTOMERS).status()).isEqualTo(401);
        } finally {
            clock.reset();
        }
    }

    @Test
    void repeatedRequestsDoNotReadWhoIsAskingFromTheDatabaseAgain() throws Exception {
        var customer = customer(users.id(users.create(Role.SALES)), null);
        var reader = users.create(Role.SALES);
        var client = client(reader);
        var share = asAdmin(() -> shares.share("customer", customer, users.id(reader), null, false));
        var bearer = "Bearer " + client.token();
        int requests = 20;

        caches.forget();

        var first = statements.during(() -> list(bearer));
        var repeated = statements.during(() -> {
            for (int i = 0; i < requests; i++) {
                list(bearer);
            }
        });

        // The token with its user, the user's roles, whom and which teams they reach, whether anything is shared
        // with them, and the roles' rights.
        assertThat(first).as("statements for the first request").hasSizeGreaterThanOrEqualTo(6);
        // Without the caches every request would run them all again; a change elsewhere may reload them once.
        assertThat(repeated).as("statements for %d more requests", requests).hasSizeLessThanOrEqualTo(first.size());
        assertThat(share.userId()).isEqualTo(users.id(reader));
    }

    private void list(String bearer) {
        try {
            int status = mvc.perform(get(CUSTOMERS).header("Authorization", bearer))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ApiClient client(String username) {
        return new ApiClient(port)
                .withToken(tokens.issue(users.id(username), "cache", null).token());
    }

    private UUID customer(UUID ownerId, UUID teamId) {
        var admin = client(TestUsers.ADMIN);
        var answer = admin.post(
                CUSTOMERS, ApiClient.json(AccessWorld.company("Cache " + AccessWorld.letters(8), ownerId, teamId)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.json().get("id").asString());
    }

    private static Set<UUID> listed(ApiClient client) {
        var answer = client.get(CUSTOMERS);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var ids = new HashSet<UUID>();
        answer.json()
                .get("items")
                .forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        return ids;
    }

    /** Changes a user as an administrator does on the page (as the system here, which may). */
    private void change(String username, Set<Role> newRoles, UUID teamId, boolean enabled) {
        var user = userRepository.findByUsername(username).orElseThrow();
        management.update(
                user.getId(),
                user.getVersion(),
                new UserManagement.UserDraft(
                        user.getUsername(),
                        user.getDisplayName(),
                        user.getEmail(),
                        newRoles,
                        teamId,
                        user.getLocale(),
                        enabled));
    }

    /** Gives the finance role one grant beyond its defaults, as an administrator does on the roles page. */
    private void financeMay(Area area, Grant grant) {
        var defaults = Policy.defaults();
        var grants = new EnumMap<Area, Grant>(Area.class);
        grants.putAll(defaults.grants().get(Role.FINANCE));
        grants.put(area, grant);
        asAdmin(() -> {
            roles.change(Role.FINANCE, grants, defaults.fields().get(Role.FINANCE));
            return null;
        });
    }

    private void financeAsByDefault() {
        db.deleteFrom(ROLE_PERMISSION)
                .where(ROLE_PERMISSION.ROLE.eq(Role.FINANCE.name()))
                .execute();
        db.deleteFrom(ROLE_FIELD_ACCESS)
                .where(ROLE_FIELD_ACCESS.ROLE.eq(Role.FINANCE.name()))
                .execute();
        // Stored here past RoleManagement, so the change is announced by hand.
        caches.changed();
    }

    private <T> T asAdmin(Supplier<T> work) {
        var id = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(TestUsers.ADMIN))
                .fetchOne(APP_USER.ID);
        var admin = new SignedInUser(id, TestUsers.ADMIN, "Administrator", Set.of(Role.ADMINISTRATOR), null, false);
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        admin, null, DossierUserDetails.authorities(admin)));
        try {
            return work.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /**
     * Records the statements on the tables of who is asking that this thread runs, while asked to, from the identity
     * module's own code (not the queries other modules run with its conditions in them).
     */
    static final class Statements implements ExecuteListener {

        private static final Pattern IDENTITY_TABLES = Pattern.compile(
                "\\b(api_token|app_user|user_role|team|record_share|role_permission|role_field_access)\\b",
                Pattern.CASE_INSENSITIVE);
        private static final StackWalker STACK = StackWalker.getInstance();

        private final ThreadLocal<List<String>> seen = new ThreadLocal<>();

        List<String> during(Runnable action) {
            var list = new ArrayList<String>();
            seen.set(list);
            try {
                action.run();
            } finally {
                seen.remove();
            }
            return list;
        }

        @Override
        public void executeStart(ExecuteContext ctx) {
            var list = seen.get();
            if (list != null
                    && ctx.sql() != null
                    && IDENTITY_TABLES.matcher(ctx.sql()).find()
                    && fromIdentity()) {
                list.add(ctx.sql());
            }
        }

        private static boolean fromIdentity() {
            return STACK.walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                    .filter(name -> name.startsWith("dev.dossier.")
                            && !name.startsWith("dev.dossier.db.")
                            && !name.equals(Statements.class.getName()))
                    .findFirst()
                    .map(name -> name.startsWith("dev.dossier.identity.") && !name.contains("Test"))
                    .orElse(false));
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StatementsConfiguration {

        @Bean
        Statements identityStatements() {
            return new Statements();
        }

        @Bean
        ExecuteListenerProvider identityStatementsListener(Statements statements) {
            return new DefaultExecuteListenerProvider(statements);
        }
    }
}
