package dev.dossier.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands before every page: ends sessions idle for longer than the policy allows, keeps a sign-in that waits for
 * its second factor on the code page, and sends a user whose role requires a second factor they have not set up
 * to enrolment before anything else.
 */
final class SignInGate extends OncePerRequestFilter {

    static final String CODE_PAGE = "/sign-in/code";
    static final String ENROL_PAGE = "/account/two-factor";

    private final SignInPolicy policy;
    private final SecondFactors secondFactors;
    private final Clock clock;

    SignInGate(SignInPolicy policy, SecondFactors secondFactors, Clock clock) {
        this.policy = policy;
        this.secondFactors = secondFactors;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var path = SecurityConfiguration.path(request);
        if (isStatic(path)) {
            chain.doFilter(request, response);
            return;
        }
        var session = request.getSession(false);
        var user = CurrentUser.find();
        var pending = session == null ? null : (PendingSignIn) session.getAttribute(PendingSignIn.ATTRIBUTE);
        if (session != null && (user.isPresent() || pending != null)) {
            var now = clock.instant();
            var lastSeen = (Instant) session.getAttribute(PendingSignIn.LAST_SEEN);
            var idle = Duration.ofMinutes(policy.idleTimeoutMinutes());
            boolean expired = lastSeen != null && lastSeen.plus(idle).isBefore(now)
                    || pending != null
                            && pending.since().plus(PendingSignIn.PATIENCE).isBefore(now);
            if (expired) {
                session.invalidate();
                SecurityContextHolder.clearContext();
                response.sendRedirect(request.getContextPath() + "/sign-in?expired");
                return;
            }
            session.setAttribute(PendingSignIn.LAST_SEEN, now);
        }
        if (pending != null && user.isEmpty()) {
            boolean open = path.equals(CODE_PAGE) || path.equals("/sign-in") || path.equals("/sign-out");
            if (!open) {
                response.sendRedirect(request.getContextPath() + CODE_PAGE);
                return;
            }
        } else if (user.isPresent()) {
            boolean open = path.equals(ENROL_PAGE) || path.equals("/account/password") || path.equals("/sign-out");
            if (!open && secondFactors.mustEnrol(user.get())) {
                response.sendRedirect(request.getContextPath() + ENROL_PAGE);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isStatic(String path) {
        return path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/img/")
                || path.startsWith("/webjars/")
                || path.equals("/favicon.ico")
                || path.equals("/error");
    }
}
