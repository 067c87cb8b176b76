package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.support.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The in-memory buckets forget what has filled up again; a limiter whose store fails keeps the API open. */
class RateBudgetsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void bucketsThatHaveFilledUpAgainAreForgottenAfterAWindow() {
        var clock = new TestClock();
        clock.pinAt(Instant.parse("2026-03-02T09:00:00Z"));
        var budgets = new LocalRateBudgets(clock);
        budgets.take("address:3/60:192.0.2.1", 3, MINUTE);
        budgets.take("address:3/60:192.0.2.2", 3, MINUTE);
        assertThat(budgets.size()).isEqualTo(2);

        clock.moveBy(Duration.ofSeconds(59));
        budgets.take("address:3/60:192.0.2.2", 3, MINUTE);
        clock.moveBy(Duration.ofSeconds(2));
        var probe = budgets.take("address:3/60:192.0.2.3", 3, MINUTE);

        // The first is full again and gone; the second was used a second ago and is kept with what it has left.
        assertThat(budgets.size()).isEqualTo(2);
        assertThat(probe.getRemainingTokens()).isEqualTo(2);
        assertThat(budgets.take("address:3/60:192.0.2.2", 3, MINUTE).getRemainingTokens())
                .isEqualTo(1);
    }

    @Test
    void aStoreOutOfReachLetsRequestsThroughWithoutFields() throws Exception {
        RateBudgets broken = (key, limit, window) -> {
            throw new IllegalStateException("connection refused");
        };
        var limit = new ApiRateLimit(broken, new ProblemResponses(new StaticMessageSource()), true, 5, 3, MINUTE);
        var request = new MockHttpServletRequest("GET", "/api/v1/customers");
        var response = new MockHttpServletResponse();

        assertThat(limit.admit(request, response)).isTrue();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("RateLimit")).isNull();
    }

    @Test
    void switchedOffNothingIsCounted() throws Exception {
        var budgets = new LocalRateBudgets(Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC));
        var limit = new ApiRateLimit(budgets, new ProblemResponses(new StaticMessageSource()), false, 1, 1, MINUTE);
        for (int i = 0; i < 3; i++) {
            var request = new MockHttpServletRequest("GET", "/api/v1/customers");
            request.addPreferredLocale(Locale.ENGLISH);
            var response = new MockHttpServletResponse();
            assertThat(limit.admit(request, response)).isTrue();
            assertThat(response.getHeader("RateLimit-Policy")).isNull();
        }
        assertThat(budgets.size()).isZero();
    }
}
