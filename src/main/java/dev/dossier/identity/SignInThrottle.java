package dev.dossier.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Slows down password guessing: an account is locked for a while after repeated failures, and an address
 * that keeps failing (across any accounts) is turned away until its failures age out. A name that belongs to no
 * account is counted and locked the same way, so that the answers never tell which names exist.
 */
@Component
class SignInThrottle {

    private static final Duration ADDRESS_WINDOW = Duration.ofMinutes(10);
    /** How long failures under unknown names are kept: well beyond any lockout. */
    private static final Duration UNKNOWN_MEMORY = Duration.ofDays(1);

    private final UserRepository users;
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;
    private final int maxFailuresPerAddress;
    private final ConcurrentMap<String, Deque<Instant>> failuresByAddress = new ConcurrentHashMap<>();

    SignInThrottle(
            UserRepository users,
            Clock clock,
            @Value("${dossier.security.max-failed-sign-ins:5}") int maxFailures,
            @Value("${dossier.security.lockout:15m}") Duration lockout,
            @Value("${dossier.security.max-failures-per-address:30}") int maxFailuresPerAddress) {
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.users = users;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    @EventListener
    @Transactional
    void on(AuthenticationFailureBadCredentialsEvent event) {
        failed(event.getAuthentication().getName());
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
            var now = clock.instant();
            var failures = failuresByAddress.computeIfAbsent(details.getRemoteAddress(), a -> new ArrayDeque<>());
            synchronized (failures) {
                failures.addLast(now);
                prune(failures, now);
            }
        }
    }

    @EventListener
    @Transactional
    void on(AuthenticationSuccessEvent event) {
        // With a second factor the password alone is not a success: the count of failures goes on until the code.
        if (event.getAuthentication().getPrincipal() instanceof DossierUserDetails details
                && !users.hasSecondFactor(details.user().id())) {
            users.recordSuccess(details.user().id(), OffsetDateTime.now(clock));
        }
    }

    /** Counts a failure that is not a password's, such as a wrong second-factor code, towards the lockout. */
    void failed(String username) {
        var name = username == null ? "" : username.strip();
        var now = OffsetDateTime.now(clock);
        if (!users.recordFailure(name, maxFailures, now.plus(lockout))) {
            users.recordUnknownFailure(name, maxFailures, now, now.plus(lockout), now.minus(UNKNOWN_MEMORY));
        }
    }

    /** Failed sign-ins in a row that lock an account. */
    int maxFailures() {
        return maxFailures;
    }

    /** How long an account stays locked. */
    Duration lockout() {
        return lockout;
    }

    /** Failed sign-ins from one address within ten minutes that turn it away. */
    int maxFailuresPerAddress() {
        return maxFailuresPerAddress;
    }

    /** Whether sign-ins from this address are refused for now. */
    boolean blocked(String address) {
        var failures = failuresByAddress.get(address);
        if (failures == null) {
            return false;
        }
        synchronized (failures) {
            prune(failures, clock.instant());
            return failures.size() >= maxFailuresPerAddress;
        }
    }

    private static void prune(Deque<Instant> failures, Instant now) {
        while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(ADDRESS_WINDOW))) {
            failures.removeFirst();
        }
    }
}
