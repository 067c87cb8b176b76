package dev.dossier.identity;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits on the REST API: a budget per personal token, and one per client address for requests without a
 * valid token. Every answer says where its caller stands in the {@code RateLimit-Policy} and {@code RateLimit}
 * fields of draft-ietf-httpapi-ratelimit-headers-10; a request over the budget is not executed but answered 429
 * with {@code Retry-After}.
 */
@Component
class ApiRateLimit {

    /** The request attribute that holds the id of the token a request was authenticated with. */
    static final String TOKEN_ID = ApiRateLimit.class.getName() + ".token";

    private static final String ADMITTED = ApiRateLimit.class.getName() + ".admitted";
    private static final Logger log = LoggerFactory.getLogger(ApiRateLimit.class);

    /**
     * One limit as the policy field states it.
     *
     * @param name the policy's name in the fields
     * @param limit requests a window
     * @param window how long a full budget takes to come back
     */
    record Policy(String name, int limit, Duration window) {

        Policy {
            if (limit < 1 || window.getSeconds() < 1) {
                throw new IllegalArgumentException("A rate limit needs at least one request in at least a second");
            }
        }

        String field() {
            return "\"" + name + "\";q=" + limit + ";w=" + window.getSeconds();
        }
    }

    private final RateBudgets budgets;
    private final ProblemResponses problems;
    private final boolean enabled;
    private final Policy perToken;
    private final Policy perAddress;

    ApiRateLimit(
            RateBudgets budgets,
            ProblemResponses problems,
            @Value("${dossier.api.rate-limit.enabled:true}") boolean enabled,
            @Value("${dossier.api.rate-limit.per-token:600}") int perToken,
            @Value("${dossier.api.rate-limit.per-address:300}") int perAddress,
            @Value("${dossier.api.rate-limit.window:1m}") Duration window) {
        this.budgets = budgets;
        this.problems = problems;
        this.enabled = enabled;
        this.perToken = new Policy("token", perToken, window);
        this.perAddress = new Policy("address", perAddress, window);
    }

    /**
     * Takes the request from its budget (once, however often asked) and writes the rate-limit fields; over the
     * budget, answers 429 and says no.
     *
     * @return whether the request may go on
     */
    boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled) {
            return true;
        }
        if (request.getAttribute(ADMITTED) instanceof Boolean earlier) {
            return earlier;
        }
        var token = request.getAttribute(TOKEN_ID) instanceof UUID id ? id : null;
        var policy = token != null ? perToken : perAddress;
        var key = key(policy, token != null ? token.toString() : request.getRemoteAddr());
        ConsumptionProbe probe;
        try {
            probe = budgets.take(key, policy.limit(), policy.window());
        } catch (RuntimeException e) {
            // Counting is a safeguard, not a service: when the store is out of reach the API stays open.
            log.warn("Rate limit not checked: {}", e.toString());
            request.setAttribute(ADMITTED, true);
            return true;
        }
        request.setAttribute(ADMITTED, probe.isConsumed());
        response.setHeader("RateLimit-Policy", policy.field());
        response.setHeader(
                "RateLimit",
                "\"" + policy.name() + "\";r=" + probe.getRemainingTokens() + ";t="
                        + seconds(probe.getNanosToWaitForReset()));
        if (!probe.isConsumed()) {
            response.setHeader("Retry-After", String.valueOf(Math.max(1, seconds(probe.getNanosToWaitForRefill()))));
            problems.write(response, 429, "rate-limited", request.getLocale());
        }
        return probe.isConsumed();
    }

    /** A filter that lets a request on only within its budget. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (admit(request, response)) {
                    chain.doFilter(request, response);
                }
            }
        };
    }

    /** Refusals count too: a flood of bad tokens spends its address's budget and then gets 429s. */
    AuthenticationEntryPoint countingUnauthorized(AuthenticationEntryPoint refusal) {
        return (request, response, e) -> {
            if (admit(request, response)) {
                refusal.commence(request, response, e);
            }
        };
    }

    /** Refusals count too: a read-only token's writes spend its budget. */
    AccessDeniedHandler countingDenied(AccessDeniedHandler refusal) {
        return (request, response, e) -> {
            if (admit(request, response)) {
                refusal.handle(request, response, e);
            }
        };
    }

    /**
     * A bucket's key: the policy and a hash of whom it counts. A client address is personal data, and whatever a
     * trusted proxy forwarded could be longer than the column: neither is stored as it came.
     */
    private static String key(Policy policy, String who) {
        return policy.name() + ":" + policy.limit() + "/" + policy.window().getSeconds() + ":" + ApiTokens.hash(who);
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    /**
     * On PostgreSQL the buckets live in the database, shared by every instance; on the embedded H2 database, where
     * there is only ever one instance, in memory.
     */
    @Configuration(proxyBeanMethods = false)
    static class Budgets {

        @Bean
        RateBudgets rateBudgets(DSLContext db, DataSource dataSource, Clock clock) {
            return db.dialect().family() == SQLDialect.POSTGRES
                    ? new DatabaseRateBudgets(dataSource, clock)
                    : new LocalRateBudgets(clock);
        }
    }
}
