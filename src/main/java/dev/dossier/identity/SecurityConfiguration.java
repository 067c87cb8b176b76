package dev.dossier.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Three ways in: HTTP Basic only to issue an API token, bearer tokens for the rest of the API,
 * and a session with a sign-in form (CSRF-protected) for the pages.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** Where a session keeps its sign-in; the code page saves the finished sign-in through the same. */
    static final SecurityContextRepository CONTEXTS = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    /** The header that carries the second-factor code when a token is issued with HTTP Basic. */
    static final String CODE_HEADER = "X-Dossier-Code";

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    @Order(1)
    SecurityFilterChain tokenIssuing(
            HttpSecurity http,
            ProblemResponses problems,
            SignInThrottle throttle,
            SecondFactors secondFactors,
            ApiRateLimit rateLimit)
            throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/v1/tokens"))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                // Before the password is checked: the budget of the caller's address.
                .addFilterBefore(rateLimit.filter(), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(problems.unauthorized("Basic realm=\"Dossier\"")))
                .addFilterBefore(addressThrottle(throttle, problems, false), BasicAuthenticationFilter.class)
                .addFilterAfter(secondFactorForTokens(secondFactors, problems), BasicAuthenticationFilter.class)
                .addFilterAfter(passwordChangeForApi(problems), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.accessDeniedHandler(problems.forbidden()));
        return http.build();
    }

    /**
     * Inbound webhooks from other systems: no session and no token, because each handler checks the request's
     * signature itself.
     */
    @Bean
    @Order(0)
    SecurityFilterChain inboundHooks(HttpSecurity http, ApiRateLimit rateLimit) throws Exception {
        http.securityMatcher("/api/v1/hooks/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .addFilterBefore(rateLimit.filter(), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, ProblemResponses problems, ApiRateLimit rateLimit)
            throws Exception {
        var entryPoint = problems.unauthorized("Bearer realm=\"Dossier\"");
        AccessDeniedHandler readOnly =
                (request, response, e) -> problems.write(response, 403, "read-only-token", request.getLocale());
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .addFilterBefore(
                        new BearerTokenFilter(
                                tokens, rateLimit.countingUnauthorized(entryPoint), rateLimit.countingDenied(readOnly)),
                        BasicAuthenticationFilter.class)
                // After the token is known, so that its budget is the one spent; without one, the address's.
                .addFilterAfter(rateLimit.filter(), BearerTokenFilter.class)
                .addFilterAfter(passwordChangeForApi(problems), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(problems.forbidden()));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(
            HttpSecurity http,
            SignInThrottle throttle,
            ProblemResponses problems,
            SecondFactors secondFactors,
            SignInPolicy policy,
            Clock clock)
            throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/sign-in",
                                "/css/**",
                                "/js/**",
                                "/img/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/error",
                                "/actuator/health/**",
                                "/actuator/health",
                                "/actuator/info",
                                "/v3/api-docs/**",
                                "/v3/api-docs",
                                "/api-docs",
                                "/swagger-ui/**",
                                "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers(SignInGate.CODE_PAGE)
                        .permitAll()
                        // Pages for people without an account (the feedback form, survey links); each handler is
                        // declared public and guards itself.
                        .requestMatchers("/public/**")
                        .permitAll()
                        // What each signed-in user may do is decided by the access engine alone (AccessInterceptor).
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/sign-in")
                        .loginProcessingUrl("/sign-in")
                        .successHandler(successHandler(secondFactors, policy, clock))
                        .failureHandler(failureHandler()))
                .securityContext(c -> c.securityContextRepository(CONTEXTS))
                .logout(logout -> logout.logoutUrl("/sign-out")
                        .logoutSuccessUrl("/sign-in?signed-out")
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies("JSESSIONID"))
                .addFilterBefore(
                        new SignInGate(policy, secondFactors, clock),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .addFilterBefore(addressThrottle(throttle, problems, true), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(
                        new PasswordChangeGate(),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * After a right password: a user with a second factor is not signed in yet but sent to the code page; everyone
     * else goes where they were headed. Either way the session ends after the policy's idle minutes.
     */
    private static AuthenticationSuccessHandler successHandler(
            SecondFactors secondFactors, SignInPolicy policy, Clock clock) {
        var next = new SavedRequestAwareAuthenticationSuccessHandler();
        next.setDefaultTargetUrl("/customers");
        return (request, response, authentication) -> {
            var session = request.getSession();
            // A new id even where the session strategy kept the old one: an id known before sign-in is worthless.
            request.changeSessionId();
            session.setMaxInactiveInterval(policy.idleTimeoutMinutes() * 60);
            session.setAttribute(PendingSignIn.LAST_SEEN, clock.instant());
            session.removeAttribute(PendingSignIn.ATTRIBUTE);
            if (authentication.getPrincipal() instanceof DossierUserDetails details
                    && secondFactors.enabled(details.user().id())) {
                var empty = SecurityContextHolder.createEmptyContext();
                SecurityContextHolder.setContext(empty);
                CONTEXTS.saveContext(empty, request, response);
                session.setAttribute(
                        PendingSignIn.ATTRIBUTE,
                        new PendingSignIn(details.user().id(), details.user().username(), clock.instant()));
                response.sendRedirect(request.getContextPath() + SignInGate.CODE_PAGE);
                return;
            }
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /**
     * A token issued with HTTP Basic needs the second factor too, in the {@value #CODE_HEADER} header, from a user
     * who has one; a user whose role requires one and who has not set it up gets no token.
     */
    private static OncePerRequestFilter secondFactorForTokens(SecondFactors secondFactors, ProblemResponses problems) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                var user = CurrentUser.find();
                if (user.isPresent() && secondFactors.enabled(user.get().id())) {
                    var code = request.getHeader(CODE_HEADER);
                    var outcome = code == null || code.isBlank()
                            ? SecondFactors.Outcome.REFUSED
                            : secondFactors.verify(user.get().id(), code);
                    if (outcome != SecondFactors.Outcome.ACCEPTED) {
                        SecurityContextHolder.clearContext();
                        response.setHeader("WWW-Authenticate", "Basic realm=\"Dossier\"");
                        problems.write(response, 401, "second-factor-required", request.getLocale());
                        return;
                    }
                } else if (user.isPresent() && secondFactors.mustEnrol(user.get())) {
                    problems.write(response, 403, "second-factor-enrolment", request.getLocale());
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /**
     * The API, and issuing a token for it, wait until a first-time or reset password is changed (on the pages): a
     * password someone else chose or knows opens nothing but the change-password page.
     */
    private static OncePerRequestFilter passwordChangeForApi(ProblemResponses problems) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (CurrentUser.find().map(SignedInUser::mustChangePassword).orElse(false)) {
                    SecurityContextHolder.clearContext();
                    problems.write(response, 403, "password-change-required", request.getLocale());
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private static AuthenticationFailureHandler failureHandler() {
        return (request, response, exception) -> {
            String reason = switch (exception) {
                case LockedException locked -> "locked";
                case DisabledException disabled -> "disabled";
                default -> "error";
            };
            var username = request.getParameter("username");
            response.sendRedirect(request.getContextPath() + "/sign-in?" + reason
                    + (username == null
                            ? ""
                            : "&username="
                                    + java.net.URLEncoder.encode(
                                            username.length() > 64 ? username.substring(0, 64) : username,
                                            java.nio.charset.StandardCharsets.UTF_8)));
        };
    }

    /** Turns away password sign-ins from an address that has failed too often lately. */
    private static OncePerRequestFilter addressThrottle(
            SignInThrottle throttle, ProblemResponses problems, boolean page) {
        // Pages: only the sign-in form's POST counts; the token endpoint: every request (it is all sign-in).
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                boolean signIn = !page || "POST".equals(request.getMethod()) && "/sign-in".equals(path(request));
                if (signIn && throttle.blocked(request.getRemoteAddr())) {
                    if (page) {
                        response.sendRedirect(request.getContextPath() + "/sign-in?throttled");
                    } else {
                        response.setHeader("Retry-After", "600");
                        problems.write(response, 429, "throttled", request.getLocale());
                    }
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The path of a request within the application. */
    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** Sends a user whose password must be changed to the change-password page before anything else. */
    private static final class PasswordChangeGate extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var path = path(request);
            boolean open = path.equals("/account/password")
                    || path.equals("/sign-out")
                    || path.startsWith("/css/")
                    || path.startsWith("/js/")
                    || path.startsWith("/webjars/")
                    || path.equals("/error");
            if (!open
                    && CurrentUser.find().map(SignedInUser::mustChangePassword).orElse(false)) {
                response.sendRedirect(request.getContextPath() + "/account/password");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
