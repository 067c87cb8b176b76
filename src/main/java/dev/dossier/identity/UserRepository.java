package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.UNKNOWN_SIGN_IN;
import static dev.dossier.db.Tables.USER_ROLE;

import dev.dossier.db.tables.records.AppUserRecord;
import dev.dossier.shared.Upserts;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Users and their roles in the database. */
@Repository
class UserRepository {

    /** Users kept in memory: those making requests at once, with room to spare. */
    private static final int CAPACITY = 10_000;

    private final DSLContext db;
    private final IdentityCache.Cached<UUID, SignedInUser> signedIn;

    UserRepository(DSLContext db, IdentityCache caches) {
        this.db = db;
        this.signedIn = caches.cache(CAPACITY);
    }

    /**
     * An enabled user as requests see them (roles, team, names, whether the password must be changed); empty for a
     * disabled or unknown user. Kept in memory until something about users changes (see {@link IdentityCache}).
     */
    Optional<SignedInUser> signedIn(UUID id) {
        return Optional.ofNullable(signedIn.get(id, this::loadSignedIn));
    }

    private SignedInUser loadSignedIn(UUID id) {
        return db.select(APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.TEAM_ID, APP_USER.MUST_CHANGE_PASSWORD)
                .from(APP_USER)
                .where(APP_USER.ID.eq(id))
                .and(APP_USER.ENABLED.isTrue())
                .fetchOptional()
                .map(u -> new SignedInUser(
                        id, u.value1(), u.value2(), roles(id), u.value3(), Boolean.TRUE.equals(u.value4())))
                .orElse(null);
    }

    Optional<AppUserRecord> findByUsername(String username) {
        return db.selectFrom(APP_USER).where(APP_USER.USERNAME.eq(username)).fetchOptional();
    }

    Optional<AppUserRecord> findById(UUID id) {
        return db.selectFrom(APP_USER).where(APP_USER.ID.eq(id)).fetchOptional();
    }

    List<AppUserRecord> all() {
        return db.selectFrom(APP_USER)
                .orderBy(APP_USER.ENABLED.desc(), APP_USER.DISPLAY_NAME)
                .fetch();
    }

    boolean any() {
        return db.fetchExists(APP_USER);
    }

    Set<Role> roles(UUID userId) {
        return db
                .select(USER_ROLE.ROLE)
                .from(USER_ROLE)
                .where(USER_ROLE.USER_ID.eq(userId))
                .fetch(r -> Role.valueOf(r.value1()))
                .stream()
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    Map<UUID, Set<Role>> rolesOfAll() {
        return db.select(USER_ROLE.USER_ID, USER_ROLE.ROLE).from(USER_ROLE).fetch().stream()
                .collect(Collectors.groupingBy(
                        r -> r.value1(),
                        Collectors.mapping(
                                r -> Role.valueOf(r.value2()),
                                Collectors.toCollection(() -> EnumSet.noneOf(Role.class)))));
    }

    void replaceRoles(UUID userId, Set<Role> roles) {
        db.deleteFrom(USER_ROLE).where(USER_ROLE.USER_ID.eq(userId)).execute();
        if (!roles.isEmpty()) {
            var insert = db.insertInto(USER_ROLE, USER_ROLE.USER_ID, USER_ROLE.ROLE);
            for (var role : roles) {
                insert = insert.values(userId, role.name());
            }
            insert.execute();
        }
    }

    AppUserRecord newRecord() {
        return db.newRecord(APP_USER);
    }

    /**
     * Counts a failed sign-in; locks the account until {@code lockUntil} when it reaches {@code max}. Answers whether
     * there is such an account.
     */
    boolean recordFailure(String username, int max, OffsetDateTime lockUntil) {
        int counted = db.update(APP_USER)
                .set(APP_USER.FAILED_SIGN_INS, APP_USER.FAILED_SIGN_INS.plus(1))
                .where(APP_USER.USERNAME.eq(username))
                .execute();
        if (counted == 0) {
            return false;
        }
        db.update(APP_USER)
                .set(APP_USER.LOCKED_UNTIL, lockUntil)
                .set(APP_USER.FAILED_SIGN_INS, 0)
                .where(APP_USER.USERNAME.eq(username))
                .and(APP_USER.FAILED_SIGN_INS.ge(max))
                .execute();
        return true;
    }

    /**
     * Counts a failed sign-in under a name no account has, like {@link #recordFailure} counts an account's; forgets
     * names untouched since {@code forgetBefore}.
     */
    void recordUnknownFailure(
            String username, int max, OffsetDateTime now, OffsetDateTime lockUntil, OffsetDateTime forgetBefore) {
        var hash = nameHash(username);
        db.deleteFrom(UNKNOWN_SIGN_IN)
                .where(UNKNOWN_SIGN_IN.UPDATED_AT.lt(forgetBefore))
                .execute();
        Upserts.ifAbsent(() -> db.insertInto(
                        UNKNOWN_SIGN_IN,
                        UNKNOWN_SIGN_IN.NAME_HASH,
                        UNKNOWN_SIGN_IN.FAILURES,
                        UNKNOWN_SIGN_IN.UPDATED_AT)
                .values(hash, 0, now)
                .onConflictDoNothing()
                .execute());
        db.update(UNKNOWN_SIGN_IN)
                .set(UNKNOWN_SIGN_IN.FAILURES, UNKNOWN_SIGN_IN.FAILURES.plus(1))
                .set(UNKNOWN_SIGN_IN.UPDATED_AT, now)
                .where(UNKNOWN_SIGN_IN.NAME_HASH.eq(hash))
                .execute();
        db.update(UNKNOWN_SIGN_IN)
                .set(UNKNOWN_SIGN_IN.LOCKED_UNTIL, lockUntil)
                .set(UNKNOWN_SIGN_IN.FAILURES, 0)
                .where(UNKNOWN_SIGN_IN.NAME_HASH.eq(hash))
                .and(UNKNOWN_SIGN_IN.FAILURES.ge(max))
                .execute();
    }

    /** Whether sign-ins under a name no account has are locked, as an account's would be, at {@code now}. */
    boolean unknownLocked(String username, OffsetDateTime now) {
        return db.fetchExists(
                UNKNOWN_SIGN_IN,
                UNKNOWN_SIGN_IN.NAME_HASH.eq(nameHash(username)).and(UNKNOWN_SIGN_IN.LOCKED_UNTIL.gt(now)));
    }

    private static String nameHash(String username) {
        return ApiTokens.hash(username == null ? "" : username);
    }

    void recordSuccess(UUID userId, OffsetDateTime now) {
        db.update(APP_USER)
                .set(APP_USER.FAILED_SIGN_INS, 0)
                .setNull(APP_USER.LOCKED_UNTIL)
                .set(APP_USER.LAST_SIGN_IN_AT, now)
                .where(APP_USER.ID.eq(userId))
                .execute();
    }

    /** Whether the user has turned on two-factor sign-in. */
    boolean hasSecondFactor(UUID userId) {
        return db.fetchExists(APP_USER, APP_USER.ID.eq(userId).and(APP_USER.TOTP_SECRET.isNotNull()));
    }
}
