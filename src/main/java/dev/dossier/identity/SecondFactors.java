package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.RECOVERY_CODE;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two-factor sign-in with an authenticator app (TOTP): enrolment with a QR code, the check at sign-in with
 * protection against replayed codes, single-use recovery codes, and turning it off again.
 */
@Service
class SecondFactors {

    static final String ISSUER = "Dossier";
    static final int RECOVERY_CODES = 10;

    /** What a code check at sign-in came to. */
    enum Outcome {
        ACCEPTED,
        REFUSED,
        LOCKED
    }

    /**
     * A secret offered for enrolment, before the user has confirmed it with a code.
     *
     * @param secret the key in base32
     * @param uri the {@code otpauth://} address the QR code holds
     * @param qrCode the QR code as an SVG {@code data:} address
     */
    record Enrolment(String secret, String uri, String qrCode) {

        public String grouped() {
            return Totp.grouped(secret);
        }
    }

    private final DSLContext db;
    private final UserRepository users;
    private final SignInThrottle throttle;
    private final SignInPolicy policy;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Where the secrets are kept, encrypted; also what binds each encrypted secret to its column. */
    static final String SECRET_COLUMN = "app_user.totp_secret";

    private final dev.dossier.keys.FieldCipher cipher;

    SecondFactors(
            DSLContext db,
            UserRepository users,
            SignInThrottle throttle,
            SignInPolicy policy,
            PasswordEncoder passwords,
            ApplicationEventPublisher events,
            Clock clock,
            dev.dossier.keys.FieldCipher cipher) {
        this.cipher = cipher;
        this.db = db;
        this.users = users;
        this.throttle = throttle;
        this.policy = policy;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    boolean enabled(UUID userId) {
        return users.hasSecondFactor(userId);
    }

    /** Whether the user's roles require a second factor that the user has not set up yet. */
    boolean mustEnrol(SignedInUser user) {
        return policy.requiresSecondFactor(user.roles()) && !enabled(user.id());
    }

    /** Recovery codes not used yet. */
    int remainingRecoveryCodes(UUID userId) {
        return db.fetchCount(RECOVERY_CODE, RECOVERY_CODE.USER_ID.eq(userId).and(RECOVERY_CODE.USED_AT.isNull()));
    }

    /** A new random secret to enrol with, as key, address and QR code. */
    Enrolment offer(String username) {
        return enrolment(username, Totp.base32(Totp.newSecret()));
    }

    /** The enrolment view of a secret already offered. */
    Enrolment enrolment(String username, String secret) {
        var label = URLEncoder.encode(ISSUER + ":" + username, StandardCharsets.UTF_8)
                .replace("+", "%20");
        var uri = "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + ISSUER + "&algorithm=SHA1&digits="
                + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new Enrolment(
                secret,
                uri,
                "data:image/svg+xml;base64,"
                        + Base64.getEncoder().encodeToString(qrSvg(uri).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Turns on two-factor sign-in with the offered secret once the user typed a valid code for it; returns the
     * recovery codes, which are shown this once and stored only as hashes.
     */
    @Transactional
    List<String> confirm(UUID userId, String secret, String code) {
        var key = Totp.fromBase32(secret);
        var step = Totp.matchingStep(key, code, clock.instant());
        if (step.isEmpty()) {
            throw new ValidationException(List.of(new FieldProblem("code", "security.code.invalid")));
        }
        var now = OffsetDateTime.now(clock);
        int updated = db.update(APP_USER)
                .set(APP_USER.TOTP_SECRET, cipher.encrypt(SECRET_COLUMN, secret))
                .set(APP_USER.TOTP_ENABLED_AT, now)
                .set(APP_USER.TOTP_LAST_STEP, step.getAsLong())
                .set(APP_USER.UPDATED_AT, now)
                .where(APP_USER.ID.eq(userId))
                .and(APP_USER.TOTP_SECRET.isNull())
                .execute();
        if (updated == 0) {
            throw new ValidationException(List.of(new FieldProblem("code", "security.enrol.already")));
        }
        var codes = newRecoveryCodes(userId, now);
        events.publishEvent(new IdentityEvents.SecondFactorEnabled(userId));
        return codes;
    }

    /** New recovery codes in place of the old ones; needs the password. */
    @Transactional
    List<String> renewRecoveryCodes(UUID userId, String password) {
        checkPassword(userId, password);
        if (!enabled(userId)) {
            throw new ValidationException(List.of(new FieldProblem("password", "security.enrol.none")));
        }
        return newRecoveryCodes(userId, OffsetDateTime.now(clock));
    }

    /** Turns two-factor sign-in off; needs the password, and is refused while a role of the user requires it. */
    @Transactional
    void disable(SignedInUser user, String password) {
        checkPassword(user.id(), password);
        if (policy.requiresSecondFactor(users.roles(user.id()))) {
            throw new ValidationException(List.of(new FieldProblem("password", "security.disable.required")));
        }
        turnOff(user.id(), user.id());
    }

    /**
     * Turns two-factor sign-in off for someone who lost both their phone and their recovery codes; an
     * administrator's action. Their next sign-in needs only the password (and enrolment, if their role requires it).
     */
    @Transactional
    void reset(String username, UUID byUserId) {
        var user = users.findByUsername(username == null ? "" : username.strip())
                .orElseThrow(
                        () -> new ValidationException(List.of(new FieldProblem("username", "security.reset.unknown"))));
        if (!turnOff(user.getId(), byUserId)) {
            throw new ValidationException(List.of(new FieldProblem("username", "security.reset.none")));
        }
    }

    private boolean turnOff(UUID userId, UUID byUserId) {
        db.deleteFrom(RECOVERY_CODE).where(RECOVERY_CODE.USER_ID.eq(userId)).execute();
        int updated = db.update(APP_USER)
                .setNull(APP_USER.TOTP_SECRET)
                .setNull(APP_USER.TOTP_ENABLED_AT)
                .setNull(APP_USER.TOTP_LAST_STEP)
                .set(APP_USER.UPDATED_AT, OffsetDateTime.now(clock))
                .where(APP_USER.ID.eq(userId))
                .and(APP_USER.TOTP_SECRET.isNotNull())
                .execute();
        if (updated == 1) {
            events.publishEvent(new IdentityEvents.SecondFactorDisabled(userId, byUserId));
        }
        return updated == 1;
    }

    /**
     * Checks the code typed at sign-in: six digits from the app, for a time step not used before, or an unused
     * recovery code. A refusal counts towards the account's lockout, and is committed even though the caller
     * turns the person away.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    Outcome verify(UUID userId, String code) {
        var user = users.findById(userId).orElse(null);
        var now = OffsetDateTime.now(clock);
        if (user == null || !user.getEnabled() || user.getTotpSecret() == null) {
            return Outcome.LOCKED;
        }
        if (locked(user.getLockedUntil(), now)) {
            return Outcome.LOCKED;
        }
        var typed = code == null ? "" : code.strip();
        String failure;
        String method;
        if (typed.replaceAll("\\s", "").matches("\\d+")) {
            method = "TOTP";
            var step = Totp.matchingStep(
                    Totp.fromBase32(cipher.decrypt(SECRET_COLUMN, user.getTotpSecret())), typed, clock.instant());
            if (step.isEmpty()) {
                failure = "WRONG_CODE";
            } else {
                int updated = db.update(APP_USER)
                        .set(APP_USER.TOTP_LAST_STEP, step.getAsLong())
                        .where(APP_USER.ID.eq(userId))
                        .and(APP_USER.TOTP_LAST_STEP.isNull().or(APP_USER.TOTP_LAST_STEP.lt(step.getAsLong())))
                        .execute();
                failure = updated == 1 ? null : "REPLAYED_CODE";
            }
        } else {
            method = "RECOVERY_CODE";
            int updated = db.update(RECOVERY_CODE)
                    .set(RECOVERY_CODE.USED_AT, now)
                    .where(RECOVERY_CODE.USER_ID.eq(userId))
                    .and(RECOVERY_CODE.CODE_HASH.eq(recoveryHash(typed)))
                    .and(RECOVERY_CODE.USED_AT.isNull())
                    .execute();
            failure = updated == 1 ? null : "WRONG_RECOVERY_CODE";
        }
        if (failure == null) {
            users.recordSuccess(userId, now);
            events.publishEvent(new IdentityEvents.SecondFactorVerified(userId, method));
            return Outcome.ACCEPTED;
        }
        throttle.failed(user.getUsername());
        var lockedNow =
                users.findById(userId).map(u -> locked(u.getLockedUntil(), now)).orElse(true);
        events.publishEvent(new IdentityEvents.SecondFactorFailed(userId, failure, lockedNow));
        return lockedNow ? Outcome.LOCKED : Outcome.REFUSED;
    }

    private static boolean locked(OffsetDateTime lockedUntil, OffsetDateTime now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    private void checkPassword(UUID userId, String password) {
        var user = users.findById(userId).orElseThrow();
        if (password == null || password.isEmpty() || !passwords.matches(password, user.getPasswordHash())) {
            throttle.failed(user.getUsername());
            throw new ValidationException(List.of(new FieldProblem("password", "security.password.wrong")));
        }
    }

    private List<String> newRecoveryCodes(UUID userId, OffsetDateTime now) {
        db.deleteFrom(RECOVERY_CODE).where(RECOVERY_CODE.USER_ID.eq(userId)).execute();
        var codes = new ArrayList<String>();
        var insert = db.insertInto(
                RECOVERY_CODE,
                RECOVERY_CODE.ID,
                RECOVERY_CODE.USER_ID,
                RECOVERY_CODE.CODE_HASH,
                RECOVERY_CODE.CREATED_AT);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            var bytes = new byte[10];
            random.nextBytes(bytes);
            // 80 random bits: a plain SHA-256 of it cannot be reversed by trying.
            var code = Totp.base32(bytes).toLowerCase(Locale.ROOT).replaceAll("(.{4})(?!$)", "$1-");
            codes.add(code);
            insert = insert.values(UUID.randomUUID(), userId, recoveryHash(code), now);
        }
        insert.execute();
        return codes;
    }

    static String recoveryHash(String code) {
        return ApiTokens.hash(code.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", ""));
    }

    /** The QR code of a text as a small SVG: one path of dark modules on a white square with a quiet zone. */
    static String qrSvg(String text) {
        try {
            var matrix = new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            var path = new StringBuilder();
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    if (matrix.get(x, y)) {
                        path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                    }
                }
            }
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + matrix.getWidth() + " "
                    + matrix.getHeight() + "\" width=\"" + matrix.getWidth() * 5 + "\" height=\""
                    + matrix.getHeight() * 5 + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" "
                    + "height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
        } catch (WriterException e) {
            throw new IllegalStateException(e);
        }
    }
}
