package dev.dossier.identity;

import static dev.dossier.db.Tables.API_TOKEN;
import static dev.dossier.db.Tables.APP_USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.ApiClient.Answer;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Personal API tokens as a client sees them: issued with HTTP Basic, used as Bearer, listed without their secret,
 * revoked, expired; and who is turned away. Every test signs in with a user of its own, so that failed sign-ins
 * and lockouts stay with the test that caused them.
 */
@DossierTest
class TokenApiTest {

    private static final String TOKENS = "/api/v1/tokens";
    private static final String CUSTOMERS = "/api/v1/customers";

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
    DSLContext db;

    @Autowired
    IdentityCache caches;

    @Test
    void basicCredentialsIssueATokenThatWorksAsBearer() {
        var username = users.create(Role.SALES);

        var answer = issue(username, TestUsers.PASSWORD, "{\"name\":\"ci pipeline\",\"validDays\":30}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        var json = answer.json();
        var token = json.get("token").asString();
        assertThat(token).startsWith("dsr_").hasSize(44).matches("dsr_[0-9A-Za-z]{40}");
        assertThat(json.get("name").asString()).isEqualTo("ci pipeline");
        assertThat(json.path("expiresAt").isString()).isTrue();
        assertThat(OffsetDateTime.parse(json.get("expiresAt").asString()))
                .isAfter(TestClock.utcNow().plusDays(29))
                .isBefore(TestClock.utcNow().plusDays(31));
        assertThat(answer.header("Location"))
                .endsWith(TOKENS + "/" + json.get("id").asString());

        var client = new ApiClient(port).withToken(token);
        var customers = client.get(CUSTOMERS);
        assertThat(customers.status()).as(customers.body()).isEqualTo(200);
        assertThat(customers.json().has("items")).isTrue();
        // Without a body the token gets a default name and no expiry.
        var plain = issue(username, TestUsers.PASSWORD, null);
        assertThat(plain.status()).as(plain.body()).isEqualTo(201);
        assertThat(plain.json().get("token").asString()).startsWith("dsr_").isNotEqualTo(token);
        assertThat(plain.json().path("expiresAt").isString()).isFalse();
    }

    @Test
    void aPasswordThatMustStillBeChangedOpensNeitherANewTokenNorTheApi() {
        var username = users.create(Role.SALES);
        var earlier = new ApiClient(port).signIn(username, TestUsers.PASSWORD);
        var id = userRepository.findByUsername(username).orElseThrow().getId();
        var temporary = management.resetPassword(id);

        var issued = issue(username, temporary, "{\"name\":\"before changing\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(403);
        assertThat(issued.header("Content-Type")).contains("application/problem+json");
        assertThat(issued.json().get("type").asString()).isEqualTo("urn:dossier:problem:password-change-required");
        assertThat(issued.json().get("title").asString()).isNotBlank();
        assertThat(db.fetchCount(API_TOKEN, API_TOKEN.USER_ID.eq(id)))
                .as("only the earlier token")
                .isEqualTo(1);

        var used = earlier.get(CUSTOMERS);
        assertThat(used.status()).as(used.body()).isEqualTo(403);
        assertThat(used.json().get("type").asString()).isEqualTo("urn:dossier:problem:password-change-required");
        assertThat(earlier.get(TOKENS).status()).isEqualTo(403);

        var chosen = "plum kettle rivers 83";
        management.changeOwnPassword(id, temporary, chosen, chosen);
        assertThat(earlier.get(CUSTOMERS).status()).isEqualTo(200);
        assertThat(issue(username, chosen, null).status()).isEqualTo(201);
    }

    @Test
    void tokensAreListedWithoutTheirSecret() {
        var client = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var token = client.token();

        var answer = client.get(TOKENS);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(token).doesNotContain(token.substring(10));
        var list = answer.json();
        assertThat(list.isArray()).isTrue();
        assertThat(list.size()).isEqualTo(1);
        var listed = list.get(0);
        assertThat(listed.get("name").asString()).isEqualTo("test");
        assertThat(listed.get("prefix").asString()).isEqualTo(token.substring(0, 10));
        assertThat(listed.has("token")).isFalse();
        assertThat(listed.path("revokedAt").isString()).isFalse();
        // Another user's list does not show it.
        var other = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        assertThat(other.get(TOKENS).json().size()).isEqualTo(1);
        assertThat(other.get(TOKENS).body()).doesNotContain(listed.get("id").asString());
    }

    @Test
    void aRevokedTokenIsRefusedWithABearerChallenge() {
        var username = users.create(Role.SALES);
        var keeper = new ApiClient(port).signIn(username, TestUsers.PASSWORD);
        var revoked = new ApiClient(port).signIn(username, TestUsers.PASSWORD);
        assertThat(revoked.get(CUSTOMERS).status()).isEqualTo(200);
        var id = idOf(keeper, revoked.token());

        var answer = keeper.delete(TOKENS + "/" + id);

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        var refused = revoked.get(CUSTOMERS);
        assertUnauthorized(refused, "Bearer");
        assertThat(keeper.get(CUSTOMERS).status()).isEqualTo(200);
        var listed = keeper.get(TOKENS).json();
        for (var token : listed) {
            if (token.get("id").asString().equals(id)) {
                assertThat(token.path("revokedAt").isString()).isTrue();
            }
        }
        // A token of someone else cannot be revoked: it is not found for them.
        var stranger = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var keeperId = idOf(keeper, keeper.token());
        var notYours = stranger.delete(TOKENS + "/" + keeperId);
        assertThat(notYours.status()).as(notYours.body()).isEqualTo(404);
        assertThat(notYours.json().get("type").asString()).isEqualTo("urn:dossier:problem:not-found");
        assertThat(keeper.get(CUSTOMERS).status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordIsRefusedWithAProblem() {
        var username = users.create(Role.SALES);

        var answer = issue(username, "wrong-password-1", "{\"name\":\"x\"}");

        assertUnauthorized(answer, "Basic");
        assertUnauthorized(issue("no-such-user-" + UUID.randomUUID(), "whatever-1", "{\"name\":\"x\"}"), "Basic");
        assertThat(tokens.of(userId(username))).isEmpty();
    }

    @Test
    void basicCredentialsAreOnlyForIssuingTokens() {
        var username = users.create(Role.SALES);
        var basic = ApiClient.basic(username, TestUsers.PASSWORD);
        var anonymous = new ApiClient(port);

        for (var request : new HttpRequest[] {
            anonymous.request(CUSTOMERS).header("Authorization", basic).GET().build(),
            anonymous.request(TOKENS).header("Authorization", basic).GET().build(),
            anonymous
                    .request(CUSTOMERS)
                    .header("Authorization", basic)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"COMPANY\",\"name\":\"Basic Co\"," + "\"industry\":\"RETAIL\"}"))
                    .build()
        }) {
            assertUnauthorized(anonymous.send(request), "Bearer");
        }
    }

    @Test
    void aForgedOrMalformedTokenIsRefused() {
        var random = ThreadLocalRandom.current();
        var forged = new StringBuilder("dsr_");
        var alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 40; i++) {
            forged.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }

        for (var token : new String[] {forged.toString(), "dsr_short", "not-a-token", forged + "x"}) {
            assertUnauthorized(new ApiClient(port).withToken(token).get(CUSTOMERS), "Bearer");
        }
        var real = new ApiClient(port)
                .signIn(users.create(Role.SALES), TestUsers.PASSWORD)
                .token();
        var tampered = real.substring(0, 43) + (real.charAt(43) == 'a' ? 'b' : 'a');
        assertUnauthorized(new ApiClient(port).withToken(tampered).get(CUSTOMERS), "Bearer");
    }

    @Test
    void withoutCredentialsTheApiAnswers401() {
        var anonymous = new ApiClient(port);

        assertUnauthorized(anonymous.get(CUSTOMERS), "Bearer");
        assertUnauthorized(anonymous.get(TOKENS), "Bearer");
        assertUnauthorized(anonymous.get(CUSTOMERS + "/" + UUID.randomUUID()), "Bearer");
        assertUnauthorized(anonymous.post(TOKENS, "{\"name\":\"x\"}"), "Basic");
    }

    @Test
    void anExpiredTokenIsRefused() {
        var username = users.create(Role.SALES);
        var issued = tokens.issue(userId(username), "short-lived", 1);
        var client = new ApiClient(port).withToken(issued.token());
        assertThat(client.get(CUSTOMERS).status()).isEqualTo(200);

        db.update(API_TOKEN)
                .set(API_TOKEN.EXPIRES_AT, TestClock.utcNow().minusMinutes(1))
                .where(API_TOKEN.ID.eq(issued.id()))
                .execute();
        // Changed by hand, past ApiTokens, so announced by hand.
        caches.changed();

        assertUnauthorized(client.get(CUSTOMERS), "Bearer");
        assertUnauthorized(client.get(TOKENS), "Bearer");
    }

    @Test
    void aTokenCannotBeIssuedWithAnInvalidLifetime() {
        var username = users.create(Role.SALES);

        for (var body : new String[] {
            "{\"name\":\"x\",\"validDays\":0}",
            "{\"name\":\"x\",\"validDays\":-3}",
            "{\"name\":\"x\",\"validDays\":3651}"
        }) {
            var answer = issue(username, TestUsers.PASSWORD, body);
            assertThat(answer.status()).as(answer.body()).isEqualTo(422);
            assertThat(answer.json().get("type").asString()).isEqualTo("urn:dossier:problem:validation");
            assertThat(answer.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("validDays");
        }
        assertThat(tokens.of(userId(username))).isEmpty();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightOne() {
        var username = users.create(Role.SALES);
        var bystander = users.create(Role.SALES);

        for (int i = 0; i < 5; i++) {
            assertUnauthorized(issue(username, "wrong-password-" + i, "{\"name\":\"guess\"}"), "Basic");
        }

        assertUnauthorized(issue(username, TestUsers.PASSWORD, "{\"name\":\"right\"}"), "Basic");
        assertThat(tokens.of(userId(username))).isEmpty();
        var lockedUntil = db.select(APP_USER.LOCKED_UNTIL)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOne(APP_USER.LOCKED_UNTIL);
        assertThat(lockedUntil).isAfter(TestClock.utcNow());
        // Other accounts are not affected.
        assertThat(issue(bystander, TestUsers.PASSWORD, "{\"name\":\"fine\"}").status())
                .isEqualTo(201);
    }

    @Test
    void fourWrongPasswordsDoNotLockTheAccount() {
        var username = users.create(Role.SALES);

        for (int i = 0; i < 4; i++) {
            assertUnauthorized(issue(username, "wrong-password-" + i, "{\"name\":\"guess\"}"), "Basic");
        }

        assertThat(issue(username, TestUsers.PASSWORD, "{\"name\":\"right\"}").status())
                .isEqualTo(201);
        // A success starts the count again.
        for (int i = 0; i < 4; i++) {
            assertUnauthorized(issue(username, "wrong-password-" + i, "{\"name\":\"guess\"}"), "Basic");
        }
        assertThat(issue(username, TestUsers.PASSWORD, "{\"name\":\"right\"}").status())
                .isEqualTo(201);
    }

    @Test
    void aDisabledUsersTokenStopsWorking() {
        var username = users.create(Role.SALES);
        var client = new ApiClient(port).signIn(username, TestUsers.PASSWORD);
        assertThat(client.get(CUSTOMERS).status()).isEqualTo(200);
        var user = userRepository.findByUsername(username).orElseThrow();

        management.update(
                user.getId(),
                user.getVersion(),
                new UserManagement.UserDraft(
                        username,
                        user.getDisplayName(),
                        user.getEmail(),
                        userRepository.roles(user.getId()),
                        user.getTeamId(),
                        null,
                        false));

        assertUnauthorized(client.get(CUSTOMERS), "Bearer");
        assertUnauthorized(issue(username, TestUsers.PASSWORD, "{\"name\":\"again\"}"), "Basic");
    }

    // ------------------------------------------------------------------ helpers

    private Answer issue(String username, String password, String body) {
        var client = new ApiClient(port);
        var builder = client.request(TOKENS).header("Authorization", ApiClient.basic(username, password));
        if (body == null) {
            builder.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(builder.build());
    }

    private UUID userId(String username) {
        return db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOne(APP_USER.ID);
    }

    /** The id of a token, found by its prefix in the owner's list. */
    private static String idOf(ApiClient owner, String token) {
        for (var listed : owner.get(TOKENS).json()) {
            if (listed.get("prefix").asString().equals(token.substring(0, 10))) {
                return listed.get("id").asString();
            }
        }
        throw new AssertionError("Token not listed");
    }

    private static void assertUnauthorized(Answer answer, String scheme) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("WWW-Authenticate")).startsWith(scheme + " ");
        var json = answer.json();
        assertThat(json.get("type").asString()).isEqualTo("urn:dossier:problem:unauthorized");
        assertThat(json.get("status").asInt()).isEqualTo(401);
        assertThat(json.get("title").asString()).isNotBlank();
    }
}
