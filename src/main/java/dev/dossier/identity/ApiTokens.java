package dev.dossier.identity;

import static dev.dossier.db.Tables.API_TOKEN;
import static dev.dossier.db.Tables.APP_USER;

import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.OneOf;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Personal API tokens: shown once when issued, stored only as a SHA-256 hash, revocable. */
@Service
public class ApiTokens {

    static final String PREFIX = "dsr_";
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    /** Tokens kept in memory: those in use at once, with room to spare. */
    private static final int CAPACITY = 10_000;

    /**
     * A token just issued; the only time its secret is available.
     *
     * @param id token id
     * @param name what the user called it
     * @param token the secret to send as {@code Authorization: Bearer …}
     * @param createdAt when issued
     * @param expiresAt when it stops working, or null
     * @param scope read-only or read-write
     */
    public record IssuedToken(
            UUID id, String name, String token, OffsetDateTime createdAt, OffsetDateTime expiresAt, TokenScope scope) {}

    /**
     * The user and scope a valid bearer token stands for.
     *
     * @param tokenId the token's id
     * @param user the token's owner
     * @param scope what it may do
     */
    record Bearer(UUID tokenId, SignedInUser user, TokenScope scope) {}

    /**
     * A usable token as kept in memory, by the hash of its secret.
     *
     * @param tokenId the token's id
     * @param userId its owner
     * @param scope what it may do
     * @param expiresAt when it stops working, or null
     * @param lastUsedAt when a request last used it, to {@link #LAST_USED_RESOLUTION}
     */
    private record TokenRow(
            UUID tokenId, UUID userId, TokenScope scope, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt) {

        TokenRow usedAt(OffsetDateTime at) {
            return new TokenRow(tokenId, userId, scope, expiresAt, at);
        }
    }

    /**
     * A token as listed: never its secret.
     *
     * @param id token id
     * @param name name
     * @param prefix the first characters, to recognise it
     * @param createdAt issued
     * @param lastUsedAt last request made with it, to the minute
     * @param expiresAt expiry or null
     * @param revokedAt revocation or null
     * @param scope read-only or read-write
     */
    public record TokenView(
            UUID id,
            String name,
            String prefix,
            OffsetDateTime createdAt,
            OffsetDateTime lastUsedAt,
            OffsetDateTime expiresAt,
            OffsetDateTime revokedAt,
            TokenScope scope) {

        public boolean active(OffsetDateTime now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    /**
     * A token as asked for.
     *
     * @param name what the user calls it, at most 100 characters
     * @param validDays days until it stops working (1 to 3650), or null for never
     * @param scope a {@link TokenScope} name, or null for read-write
     */
    private record TokenDraft(
            @NotNull(message = "{token.name.required}") @Size(max = 100)
            String name,

            @Min(value = 1, message = "{token.valid-days.range}")
            @Max(value = 3650, message = "{token.valid-days.range}")
            Integer validDays,

            @OneOf(value = TokenScope.class, message = "{security.token.scope.invalid}")
            String scope) {

        TokenDraft {
            name = Inputs.trim(name);
            scope = Inputs.trim(scope);
        }
    }

    private final DSLContext db;
    private final UserRepository users;
    private final Clock clock;
    private final IdentityCache caches;
    private final IdentityCache.Cached<String, TokenRow> rows;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(DSLContext db, UserRepository users, Clock clock, IdentityCache caches) {
        this.db = db;
        this.users = users;
        this.clock = clock;
        this.caches = caches;
        this.rows = caches.cache(CAPACITY);
    }

    /** Issues a read-write token. */
    @Transactional
    public IssuedToken issue(UUID userId, String name, Integer validDays) {
        return issue(userId, name, validDays, TokenScope.READ_WRITE.name());
    }

    /** Issues a token with a scope given by name ({@code READ_ONLY} or {@code READ_WRITE}; none for read-write). */
    @Transactional
    public IssuedToken issue(UUID userId, String name, Integer validDays, String scopeName) {
        var draft = new TokenDraft(name, validDays, scopeName);
        FieldRules.require("field", draft);
        var label = draft.name();
        var scope = Objects.requireNonNullElse(Inputs.choice(TokenScope.class, draft.scope()), TokenScope.READ_WRITE);
        var secret = new StringBuilder(PREFIX);
        for (int i = 0; i < 40; i++) {
            secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        var token = secret.toString();
        var now = OffsetDateTime.now(clock);
        var expires = validDays == null ? null : now.plusDays(validDays);
        var id = UUID.randomUUID();
        db.insertInto(API_TOKEN)
                .set(API_TOKEN.ID, id)
                .set(API_TOKEN.USER_ID, userId)
                .set(API_TOKEN.NAME, label)
                .set(API_TOKEN.TOKEN_HASH, hash(token))
                .set(API_TOKEN.TOKEN_PREFIX, token.substring(0, 10))
                .set(API_TOKEN.CREATED_AT, now)
                .set(API_TOKEN.EXPIRES_AT, expires)
                .set(API_TOKEN.SCOPE, scope.name())
                .execute();
        return new IssuedToken(id, label, token, now, expires, scope);
    }

    public List<TokenView> of(UUID userId) {
        return db.selectFrom(API_TOKEN)
                .where(API_TOKEN.USER_ID.eq(userId))
                .orderBy(API_TOKEN.REVOKED_AT.isNull().desc(), API_TOKEN.CREATED_AT.desc())
                .fetch(r -> new TokenView(
                        r.getId(),
                        r.getName(),
                        r.getTokenPrefix(),
                        r.getCreatedAt(),
                        r.getLastUsedAt(),
                        r.getExpiresAt(),
                        r.getRevokedAt(),
                        TokenScope.valueOf(r.getScope())));
    }

    /** Revokes one of the user's own tokens; another user's token is reported as not found. */
    @Transactional
    public void revoke(UUID userId, UUID tokenId) {
        int updated = db.update(API_TOKEN)
                .set(API_TOKEN.REVOKED_AT, OffsetDateTime.now(clock))
                .where(API_TOKEN.ID.eq(tokenId))
                .and(API_TOKEN.USER_ID.eq(userId))
                .and(API_TOKEN.REVOKED_AT.isNull())
                .execute();
        if (updated == 0 && !db.fetchExists(API_TOKEN, API_TOKEN.ID.eq(tokenId).and(API_TOKEN.USER_ID.eq(userId)))) {
            throw new NotFoundException("Token");
        }
        if (updated > 0) {
            caches.changed();
        }
    }

    /**
     * The user and scope of a bearer token, if the token is well-formed, known, active and its user enabled.
     * Every token not kept in memory is looked up, even a malformed one, so that a refusal takes as long whatever the
     * reason. A token's row and its user are kept in memory until something about users or tokens changes (see
     * {@link IdentityCache}); its expiry is checked against the clock at every use.
     */
    Optional<Bearer> authenticate(String token) {
        boolean wellFormed = token != null && token.startsWith(PREFIX) && token.length() == PREFIX.length() + 40;
        var now = OffsetDateTime.now(clock);
        var hash = hash(token == null ? "" : token);
        var row = rows.get(hash, this::find);
        if (row == null
                || !wellFormed
                || row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        if (row.lastUsedAt() == null || row.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
            db.update(API_TOKEN)
                    .set(API_TOKEN.LAST_USED_AT, now)
                    .where(API_TOKEN.ID.eq(row.tokenId()))
                    .execute();
            rows.update(hash, r -> r.usedAt(now));
        }
        return users.signedIn(row.userId()).map(user -> new Bearer(row.tokenId(), user, row.scope()));
    }

    /** The row of an unrevoked token of an enabled user, or null. */
    private TokenRow find(String hash) {
        return db.select(API_TOKEN.ID, API_TOKEN.USER_ID, API_TOKEN.SCOPE, API_TOKEN.EXPIRES_AT, API_TOKEN.LAST_USED_AT)
                .from(API_TOKEN)
                .join(APP_USER)
                .on(APP_USER.ID.eq(API_TOKEN.USER_ID))
                .where(API_TOKEN.TOKEN_HASH.eq(hash))
                .and(API_TOKEN.REVOKED_AT.isNull())
                .and(APP_USER.ENABLED.isTrue())
                .fetchOne(r ->
                        new TokenRow(r.value1(), r.value2(), TokenScope.valueOf(r.value3()), r.value4(), r.value5()));
    }

    static String hash(String token) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
