package dev.dossier.identity;

import static dev.dossier.db.Tables.API_TOKEN;
import static dev.dossier.db.Tables.APP_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Read-only and read-write API tokens, and refusals that do not tell why a token is not accepted. */
@DossierTest
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc
class TokenScopeTest {

    private static final String CUSTOMERS = "/api/v1/customers";
    private static final String COMPANY = "{\"type\":\"COMPANY\",\"name\":\"只读测试有限公司 %s\",\"industry\":\"RETAIL\"}";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    ApiTokens tokens;

    @Autowired
    DSLContext db;

    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;

    @Test
    void theTokenPageIssuesReadOnlyTokensAndListsTheirScope() throws Exception {
        var username = users.create(Role.SALES);
        var session = new org.springframework.mock.web.MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", username)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
        var page = mvc.perform(post("/account/tokens")
                        .session(session)
                        .with(csrf())
                        .locale(java.util.Locale.ENGLISH)
                        .param("name", "月报导出")
                        .param("scope", "READ_ONLY"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).containsPattern("dsr_[0-9A-Za-z]{40}").contains("<td>Read only</td>");
        assertThat(db.select(API_TOKEN.SCOPE)
                        .from(API_TOKEN)
                        .where(API_TOKEN.USER_ID.eq(userId(username)))
                        .fetch(API_TOKEN.SCOPE))
                .containsExactly("READ_ONLY");
        var invalid = mvc.perform(post("/account/tokens")
                        .session(session)
                        .with(csrf())
                        .locale(java.util.Locale.ENGLISH)
                        .param("name", "x")
                        .param("scope", "EVERYTHING"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(invalid).contains("Choose read-only or read and write.");
        assertThat(db.fetchCount(API_TOKEN, API_TOKEN.USER_ID.eq(userId(username))))
                .isOne();
    }

    @Test
    void aReadOnlyTokenReadsButChangesNothing() {
        var username = users.create(Role.SALES);
        var issued = issue(username, "{\"name\":\"report\",\"scope\":\"READ_ONLY\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.json().get("scope").asString()).isEqualTo("READ_ONLY");
        var readOnly = new ApiClient(port).withToken(issued.json().get("token").asString());

        assertThat(readOnly.get(CUSTOMERS).status()).isEqualTo(200);
        assertThat(readOnly.send(readOnly.request(CUSTOMERS)
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build())
                        .status())
                .isEqualTo(200);
        var name = UUID.randomUUID().toString().substring(0, 8);
        var refused = readOnly.post(CUSTOMERS, COMPANY.formatted(name));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:dossier:problem:read-only-token");
        assertThat(readOnly.delete("/api/v1/tokens/" + issued.json().get("id").asString())
                        .status())
                .isEqualTo(403);
        assertThat(readOnly.get(CUSTOMERS + "?q=" + name).json().get("items").size())
                .isZero();

        var listed = readOnly.get("/api/v1/tokens").json();
        assertThat(listed.get(0).get("scope").asString()).isEqualTo("READ_ONLY");
        assertThat(db.select(API_TOKEN.SCOPE)
                        .from(API_TOKEN)
                        .where(API_TOKEN.ID.eq(
                                UUID.fromString(issued.json().get("id").asString())))
                        .fetchOne(API_TOKEN.SCOPE))
                .isEqualTo("READ_ONLY");

        // A read-write token of the same user may.
        var readWrite = new ApiClient(port)
                .withToken(issue(username, "{\"name\":\"sync\",\"scope\":\"READ_WRITE\"}")
                        .json()
                        .get("token")
                        .asString());
        var created = readWrite.post(CUSTOMERS, COMPANY.formatted(name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // And without a scope a token reads and writes, as before.
        assertThat(issue(username, "{\"name\":\"plain\"}").json().get("scope").asString())
                .isEqualTo("READ_WRITE");
    }

    @Test
    void anUnknownScopeIsRefusedAndNoTokenIssued() {
        var username = users.create(Role.SALES);
        var answer = issue(username, "{\"name\":\"x\",\"scope\":\"ADMIN\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("scope");
        assertThat(db.fetchCount(API_TOKEN, API_TOKEN.USER_ID.eq(userId(username))))
                .isZero();
    }

    @Test
    void expiredRevokedMalformedAndForgedTokensGetTheSameAnswer() {
        var username = users.create(Role.SALES);
        var id = userId(username);
        var expired = tokens.issue(id, "expired", 1);
        db.update(API_TOKEN)
                .set(API_TOKEN.EXPIRES_AT, TestClock.utcNow().minusMinutes(1))
                .where(API_TOKEN.ID.eq(expired.id()))
                .execute();
        var revoked = tokens.issue(id, "revoked", null);
        tokens.revoke(id, revoked.id());
        var real = tokens.issue(id, "real", null).token();
        var forged = real.substring(0, 20) + (real.charAt(20) == 'a' ? 'b' : 'a') + real.substring(21);

        String body = null;
        for (var token : new String[] {expired.token(), revoked.token(), "dsr_short", "garbage!", forged}) {
            var answer = new ApiClient(port).withToken(token).get(CUSTOMERS);
            assertThat(answer.status()).as(token).isEqualTo(401);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"Dossier\"");
            if (body == null) {
                body = answer.body();
            }
            assertThat(answer.body())
                    .as("the same answer whatever is wrong with " + token)
                    .isEqualTo(body);
        }
        assertThat(new ApiClient(port).withToken(real).get(CUSTOMERS).status()).isEqualTo(200);
    }

    private ApiClient.Answer issue(String username, String body) {
        var client = new ApiClient(port);
        return client.send(client.request("/api/v1/tokens")
                .header("Authorization", ApiClient.basic(username, TestUsers.PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private UUID userId(String username) {
        return db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOne(APP_USER.ID);
    }
}
