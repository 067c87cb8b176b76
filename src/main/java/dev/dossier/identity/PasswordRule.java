package dev.dossier.identity;

import dev.dossier.shared.FieldProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * What a password someone chooses must be, wherever it is set (first sign-in, the account page, an administrator
 * creating a user): at least the minimum length the administrators set (never under ten characters), not among
 * the common and leaked passwords shipped with Dossier, not predictable (repeats, sequences, keyboard walks, words and
 * years that a guesser tries first, judged offline by nbvcxz), and without the user name in it. The message says
 * which of these it failed.
 */
@Component
class PasswordRule {

    /** The shortest minimum; administrators may raise it up to {@link #MAX_MINIMUM}. */
    static final int MIN_LENGTH = 10;

    static final int MAX_MINIMUM = 64;
    static final int MAX_LENGTH = 200;

    private static final String COMMON = "security/common-passwords.txt";

    private final SignInPolicy policy;
    private final Nbvcxz strength = new Nbvcxz();
    private final Set<String> common;

    PasswordRule(SignInPolicy policy) {
        this.policy = policy;
        this.common = load();
    }

    /** The minimum length now in force. */
    int minimumLength() {
        return Math.max(MIN_LENGTH, policy.minPasswordLength());
    }

    /**
     * What is wrong with {@code password} as a new password of {@code username}, as a problem of {@code field}; empty
     * when it may be used.
     */
    Optional<FieldProblem> check(String field, String password, String username) {
        int minimum = minimumLength();
        if (password == null || password.codePointCount(0, password.length()) < minimum) {
            return Optional.of(new FieldProblem(field, "password.too-short", minimum));
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of(new FieldProblem(field, "field.too-long", MAX_LENGTH));
        }
        var lower = password.toLowerCase(Locale.ROOT);
        if (username != null
                && username.strip().length() >= 3
                && lower.contains(username.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(new FieldProblem(field, "password.contains-username"));
        }
        if (common.contains(lower)) {
            return Optional.of(new FieldProblem(field, "password.too-common"));
        }
        var result = strength.estimate(password);
        boolean leaked = result.getMatches().stream()
                .anyMatch(m -> m instanceof DictionaryMatch d
                        && "passwords".equals(d.getDictionaryName())
                        && d.getToken().length() == password.length());
        if (leaked) {
            return Optional.of(new FieldProblem(field, "password.too-common"));
        }
        if (!result.isMinimumEntropyMet()) {
            return Optional.of(new FieldProblem(field, "password.too-predictable"));
        }
        return Optional.empty();
    }

    /** Same as {@link #check}, added to a list of problems. */
    void check(List<FieldProblem> problems, String field, String password, String username) {
        check(field, password, username).ifPresent(problems::add);
    }

    private static Set<String> load() {
        var words = new HashSet<String>();
        try (var reader = new BufferedReader(
                new InputStreamReader(new ClassPathResource(COMMON).getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(l -> words.add(l.toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
