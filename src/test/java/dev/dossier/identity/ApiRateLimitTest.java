package dev.dossier.identity;

import static dev.dossier.db.Tables.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The API's rate limits as a client meets them: five requests a minute per token, three per address without one.
 * The fields count down, the request over the budget is refused with 429 and not executed, and the budget comes
 * back as the (test) clock moves on. Each test keys on tokens and addresses of its own.
 */
@DossierTest
@TestPropertySource(properties = {"dossier.api.rate-limit.per-token=5", "dossier.api.rate-limit.per-address=3"})
class ApiRateLimitTest {

    private static final String CUSTOMERS = "/api/v1/customers";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    ApiTokens tokens;

    @Autowired
    TestClock clock;

    @Autowired
    DSLContext db;

    @Autowired
    DataSource dataSource;

    /** The clock stands still unless a test moves it. */
    @BeforeEach
    void standStill() {
        clock.pinAt(TestClock.now());
    }

    @AfterEach
    void runOn() {
        clock.reset();
    }

    @Test
    void theFieldsCountDownAndTheSixthRequestIsRefusedWithoutBeingExecuted() {
        var api = new ApiClient(port).withToken(token());
        for (int left = 4; left >= 0; left--) {
            var answer = api.get(CUSTOMERS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.header("RateLimit-Policy")).isEqualTo("\"token\";q=5;w=60");
            assertThat(answer.header("RateLimit")).startsWith("\"token\";r=" + left + ";t=");
        }
        long customers = db.fetchCount(CUSTOMER);

        var refused = api.post(CUSTOMERS, ApiClient.json(Map.of("type", "INDIVIDUAL", "name", "限流 测试")));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:dossier:problem:rate-limited");
        assertThat(refused.json().get("title").asString()).isEqualTo("Too many requests");
        // Five a minute come back one every twelve seconds.
        assertThat(refused.header("Retry-After")).isEqualTo("12");
        assertThat(refused.header("RateLimit")).isEqualTo("\"token\";r=0;t=60");
        assertThat(db.fetchCount(CUSTOMER))
                .as("the refused request was not executed")
                .isEqualTo(customers);

        clock.moveBy(Duration.ofSeconds(12));
        var again = api.get(CUSTOMERS);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("RateLimit")).isEqualTo("\"token\";r=0;t=60");

        clock.moveBy(Duration.ofMinutes(1));
        assertThat(api.get(CUSTOMERS).header("RateLimit")).isEqualTo("\"token\";r=4;t=12");
    }

    @Test
    void anotherTokenHasABudgetOfItsOwnAndTheRefusalSpeaksTheCallersLanguage() {
        var spent = new ApiClient(port).withToken(token());
        for (int i = 0; i < 5; i++) {
            assertThat(spent.get(CUSTOMERS).status()).isEqualTo(200);
        }
        var chinese = spent.send(spent.request(CUSTOMERS)
                .header("Accept-Language", "zh-CN")
                .GET()
                .build());
        assertThat(chinese.status()).isEqualTo(429);
        assertThat(chinese.json().get("title").asString()).isEqualTo("请求过多");
        assertThat(chinese.json().get("detail").asString()).contains("Retry-After");

        var other = new ApiClient(port).withToken(token()).get(CUSTOMERS);

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("RateLimit")).startsWith("\"token\";r=4;");
    }

    @Test
    void requestsWithoutAValidTokenSpendTheirAddresssBudget() {
        var api = new ApiClient(port);
        for (int left = 2; left >= 0; left--) {
            var answer = from(api, "203.0.113.7", left % 2 == 0 ? null : "dsr_" + "x".repeat(40));
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("RateLimit-Policy")).isEqualTo("\"address\";q=3;w=60");
            assertThat(answer.header("RateLimit")).startsWith("\"address\";r=" + left + ";");
        }

        var refused = from(api, "203.0.113.7", "dsr_" + "y".repeat(40));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:dossier:problem:rate-limited");
        assertThat(refused.header("Retry-After")).isEqualTo("20");

        assertThat(from(api, "198.51.100.9", null).status())
                .as("another address")
                .isEqualTo(401);
        var withToken = from(api, "203.0.113.7", token());
        assertThat(withToken.status()).as("a valid token from the same address").isEqualTo(200);
        assertThat(withToken.header("RateLimit-Policy")).startsWith("\"token\"");

        if (TestDatabase.postgresql()) {
            var keys = new java.util.ArrayList<String>();
            try (var connection = dataSource.getConnection();
                    var rows = connection.createStatement().executeQuery("SELECT id FROM api_rate_limit_bucket")) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(keys).as("the buckets are stored").isNotEmpty();
            assertThat(keys).as("no client address is stored as it came").noneMatch(k -> k.contains("203.0.113.7"));
        }
    }

    @Test
    void issuingATokenAndInboundHooksSpendTheAddresssBudgetToo() {
        var username = users.create(Role.SALES);
        var api = new ApiClient(port);
        var issued = api.send(api.request("/api/v1/tokens")
                .header("X-Forwarded-For", "192.0.2.44")
                .header("Authorization", ApiClient.basic(username, TestUsers.PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"limits\"}"))
                .build());
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.header("RateLimit")).startsWith("\"address\";r=2;");

        for (int left = 1; left >= 0; left--) {
            var hook = api.send(api.request("/api/v1/hooks/problems")
                    .header("X-Forwarded-For", "192.0.2.44")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build());
            assertThat(hook.status()).as("unsigned").isEqualTo(401);
            assertThat(hook.header("RateLimit")).startsWith("\"address\";r=" + left + ";");
        }
        var refused = api.send(api.request("/api/v1/hooks/problems")
                .header("X-Forwarded-For", "192.0.2.44")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aReadOnlyTokensRefusedWritesSpendItsBudget() {
        var readOnly = tokens.issue(users.id(users.create(Role.SALES)), "read only", null, "READ_ONLY")
                .token();
        var api = new ApiClient(port).withToken(readOnly);

        var denied = api.post(CUSTOMERS, ApiClient.json(Map.of("type", "INDIVIDUAL", "name", "只读 测试")));

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("RateLimit")).startsWith("\"token\";r=4;");
    }

    @Test
    void twoInstancesOverOneDatabaseSpendOneBudget() {
        assumeTrue(TestDatabase.postgresql(), "the buckets live in the database on PostgreSQL only");
        var first = new DatabaseRateBudgets(dataSource, clock);
        var second = new DatabaseRateBudgets(dataSource, clock);
        var key = "token:5/60:shared";

        for (int i = 0; i < 3; i++) {
            assertThat(first.take(key, 5, Duration.ofMinutes(1)).isConsumed()).isTrue();
        }
        var seen = second.take(key, 5, Duration.ofMinutes(1));
        assertThat(seen.isConsumed()).isTrue();
        assertThat(seen.getRemainingTokens()).isEqualTo(1);
        assertThat(first.take(key, 5, Duration.ofMinutes(1)).getRemainingTokens())
                .isZero();
        assertThat(second.take(key, 5, Duration.ofMinutes(1)).isConsumed()).isFalse();
    }

    private String token() {
        return tokens.issue(users.id(users.create(Role.SALES)), "rate limit", null)
                .token();
    }

    /** A call forwarded by the proxy on this machine for the given client address, with a bearer token or none. */
    private static ApiClient.Answer from(ApiClient api, String address, String token) {
        var request = api.request(CUSTOMERS).header("X-Forwarded-For", address);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return api.send(request.GET().build());
    }
}
