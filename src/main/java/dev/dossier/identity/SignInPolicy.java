package dev.dossier.identity;

import static dev.dossier.db.Tables.ROLE_SIGN_IN_POLICY;
import static dev.dossier.db.Tables.SIGN_IN_POLICY;

import dev.dossier.db.Stamps;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The installation's sign-in rules that administrators set: which roles must sign in with a second factor, after how
 * many idle minutes a session ends, and how long a new password must be at least. Read from the database on every
 * use, so a change applies at once.
 */
@Service
class SignInPolicy {

    static final int MIN_IDLE_MINUTES = 1;
    static final int MAX_IDLE_MINUTES = 1440;

    private final DSLContext db;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SignInPolicy(DSLContext db, Clock clock, ApplicationEventPublisher events) {
        this.db = db;
        this.clock = clock;
        this.events = events;
    }

    /** The roles whose users must sign in with a second factor. */
    Set<Role> rolesRequiringSecondFactor() {
        return db
                .select(ROLE_SIGN_IN_POLICY.ROLE)
                .from(ROLE_SIGN_IN_POLICY)
                .where(ROLE_SIGN_IN_POLICY.REQUIRE_SECOND_FACTOR.isTrue())
                .fetch(r -> Role.valueOf(r.value1()))
                .stream()
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    /** Whether a user with these roles must sign in with a second factor. */
    boolean requiresSecondFactor(Set<Role> roles) {
        return !roles.isEmpty()
                && db.fetchExists(
                        ROLE_SIGN_IN_POLICY,
                        ROLE_SIGN_IN_POLICY
                                .REQUIRE_SECOND_FACTOR
                                .isTrue()
                                .and(ROLE_SIGN_IN_POLICY.ROLE.in(
                                        roles.stream().map(Role::name).toList())));
    }

    /** Minutes without a request after which a session ends. */
    int idleTimeoutMinutes() {
        var minutes = db.select(SIGN_IN_POLICY.IDLE_TIMEOUT_MINUTES)
                .from(SIGN_IN_POLICY)
                .where(SIGN_IN_POLICY.ID.eq(1))
                .fetchOne(SIGN_IN_POLICY.IDLE_TIMEOUT_MINUTES);
        return minutes == null ? 30 : minutes;
    }

    /** The fewest characters a new password may have (at least {@link PasswordRule#MIN_LENGTH}). */
    int minPasswordLength() {
        var length = db.select(SIGN_IN_POLICY.MIN_PASSWORD_LENGTH)
                .from(SIGN_IN_POLICY)
                .where(SIGN_IN_POLICY.ID.eq(1))
                .fetchOne(SIGN_IN_POLICY.MIN_PASSWORD_LENGTH);
        return length == null ? PasswordRule.MIN_LENGTH : length;
    }

    /**
     * Replaces the rules; all or nothing.
     *
     * @param minPasswordLength the new minimum length of passwords, or null to keep it
     */
    @Transactional
    void update(Set<Role> requireSecondFactor, Integer idleTimeoutMinutes, Integer minPasswordLength) {
        var actor = CurrentUser.get();
        var problems = new java.util.ArrayList<FieldProblem>();
        if (idleTimeoutMinutes == null
                || idleTimeoutMinutes < MIN_IDLE_MINUTES
                || idleTimeoutMinutes > MAX_IDLE_MINUTES) {
            problems.add(new FieldProblem(
                    "idleTimeoutMinutes", "security.policy.idle.range", MIN_IDLE_MINUTES, MAX_IDLE_MINUTES));
        }
        if (minPasswordLength != null
                && (minPasswordLength < PasswordRule.MIN_LENGTH || minPasswordLength > PasswordRule.MAX_MINIMUM)) {
            problems.add(new FieldProblem(
                    "minPasswordLength",
                    "security.policy.password-length.range",
                    PasswordRule.MIN_LENGTH,
                    PasswordRule.MAX_MINIMUM));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = OffsetDateTime.now(clock);
        var before = rolesRequiringSecondFactor();
        for (var role : Role.values()) {
            boolean required = requireSecondFactor.contains(role);
            if (required == before.contains(role)) {
                continue;
            }
            int updated = db.update(ROLE_SIGN_IN_POLICY)
                    .set(ROLE_SIGN_IN_POLICY.REQUIRE_SECOND_FACTOR, required)
                    .set(Stamps.changed(ROLE_SIGN_IN_POLICY, actor.id(), now))
                    .where(ROLE_SIGN_IN_POLICY.ROLE.eq(role.name()))
                    .execute();
            if (updated == 0) {
                db.insertInto(ROLE_SIGN_IN_POLICY)
                        .set(ROLE_SIGN_IN_POLICY.ROLE, role.name())
                        .set(ROLE_SIGN_IN_POLICY.REQUIRE_SECOND_FACTOR, required)
                        .set(ROLE_SIGN_IN_POLICY.CREATED_AT, now)
                        .set(ROLE_SIGN_IN_POLICY.UPDATED_AT, now)
                        .set(ROLE_SIGN_IN_POLICY.CREATED_BY, actor.id())
                        .set(ROLE_SIGN_IN_POLICY.UPDATED_BY, actor.id())
                        .execute();
            }
            events.publishEvent(new IdentityEvents.PermissionChanged(
                    role,
                    "sign-in:require-second-factor",
                    Boolean.toString(!required),
                    Boolean.toString(required),
                    actor.id()));
        }
        int idleBefore = idleTimeoutMinutes();
        int lengthBefore = minPasswordLength();
        int length = minPasswordLength == null ? lengthBefore : minPasswordLength;
        if (idleBefore != idleTimeoutMinutes || lengthBefore != length) {
            int updated = db.update(SIGN_IN_POLICY)
                    .set(SIGN_IN_POLICY.IDLE_TIMEOUT_MINUTES, idleTimeoutMinutes)
                    .set(SIGN_IN_POLICY.MIN_PASSWORD_LENGTH, length)
                    .set(Stamps.changed(SIGN_IN_POLICY, actor.id(), now))
                    .where(SIGN_IN_POLICY.ID.eq(1))
                    .execute();
            if (updated == 0) {
                // A new installation keeps the defaults in code until an administrator changes them.
                db.insertInto(SIGN_IN_POLICY)
                        .set(SIGN_IN_POLICY.ID, 1)
                        .set(SIGN_IN_POLICY.IDLE_TIMEOUT_MINUTES, idleTimeoutMinutes)
                        .set(SIGN_IN_POLICY.MIN_PASSWORD_LENGTH, length)
                        .set(SIGN_IN_POLICY.CREATED_AT, now)
                        .set(SIGN_IN_POLICY.UPDATED_AT, now)
                        .set(SIGN_IN_POLICY.CREATED_BY, actor.id())
                        .set(SIGN_IN_POLICY.UPDATED_BY, actor.id())
                        .execute();
            }
        }
        if (idleBefore != idleTimeoutMinutes) {
            events.publishEvent(new IdentityEvents.SignInPolicyChanged(
                    "idle-timeout-minutes",
                    Integer.toString(idleBefore),
                    Integer.toString(idleTimeoutMinutes),
                    actor.id()));
        }
        if (lengthBefore != length) {
            events.publishEvent(new IdentityEvents.SignInPolicyChanged(
                    "min-password-length", Integer.toString(lengthBefore), Integer.toString(length), actor.id()));
        }
    }
}
