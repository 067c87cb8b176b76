package dev.dossier.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
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

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    @Order(1)
    SecurityFilterChain tokenIssuing(HttpSecurity http, ProblemResponses problems, SignInThrottle throttle)
            throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/v1/tokens"))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems.unauthorized("Basic realm=\"Dossier\"")))
                .addFilterBefore(addressThrottle(throttle, problems, false), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.accessDeniedHandler(problems.forbidden()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, ProblemResponses problems) throws Exception {
        var entryPoint = problems.unauthorized("Bearer realm=\"Dossier\"");
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(problems.forbidden()));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, SignInThrottle throttle, ProblemResponses problems)
            throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/sign-in", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico",
                                "/error", "/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/v3/api-docs/**", "/v3/api-docs", "/api-docs", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        // What each signed-in user may do is decided by the access engine alone (AccessInterceptor).
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/sign-in").loginProcessingUrl("/sign-in")
                        .defaultSuccessUrl("/customers", false)
                        .failureHandler(failureHandler()))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out")
                        .deleteCookies("JSESSIONID"))
                .addFilterBefore(addressThrottle(throttle, problems, true), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new PasswordChangeGate(), org.springframework.security.web.access.intercept
                        .AuthorizationFilter.class)
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
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
                    + (username == null ? "" : "&username=" + java.net.URLEncoder.encode(
                            username.length() > 64 ? username.substring(0, 64) : username,
                            java.nio.charset.StandardCharsets.UTF_8)));
        };
    }

    /** Turns away password sign-ins from an address that has failed too often lately. */
    private static OncePerRequestFilter addressThrottle(SignInThrottle throttle, ProblemResponses problems,
            boolean page) {
        // Pages: only the sign-in form's POST counts; the token endpoint: every request (it is all sign-in).
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
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
            boolean open = path.equals("/account/password") || path.equals("/sign-out") || path.startsWith("/css/")
                    || path.startsWith("/js/") || path.startsWith("/webjars/") || path.equals("/error");
            if (!open && CurrentUser.find().map(SignedInUser::mustChangePassword).orElse(false)) {
                response.sendRedirect(request.getContextPath() + "/account/password");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
