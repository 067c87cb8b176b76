package dev.dossier.identity;

import java.util.Set;
import java.util.UUID;

/** What happens to users, roles and permissions, for other modules (the audit trail) to react to. */
public final class IdentityEvents {

    private IdentityEvents() {}

    /**
     * A user's roles changed, or a user was created with roles.
     *
     * @param userId whose roles
     * @param before roles before, empty for a new user
     * @param after roles after
     * @param byUserId who changed them
     */
    public record RolesChanged(UUID userId, Set<Role> before, Set<Role> after, UUID byUserId) {}

    /**
     * What a role may do changed: a module permission, a record scope or a field group's visibility.
     *
     * @param role the role
     * @param setting which setting, e.g. {@code CUSTOMERS} or {@code field:CONTACT}
     * @param before its value before
     * @param after its value after
     * @param byUserId who changed it
     */
    public record PermissionChanged(Role role, String setting, String before, String after, UUID byUserId) {}

    /**
     * A record was shared with a user or a team, or a share was withdrawn.
     *
     * @param recordType e.g. {@code customer}
     * @param recordId the record
     * @param withUserId the user it is shared with, or null
     * @param withTeamId the team it is shared with, or null
     * @param granted true when shared, false when withdrawn
     * @param byUserId who
     */
    public record RecordShared(
            String recordType, UUID recordId, UUID withUserId, UUID withTeamId, boolean granted, UUID byUserId) {}

    /**
     * A user proved the second factor at sign-in (or when issuing an API token).
     *
     * @param userId who
     * @param method {@code TOTP} or {@code RECOVERY_CODE}
     */
    public record SecondFactorVerified(UUID userId, String method) {}

    /**
     * A second-factor code was refused; it counts towards the account's lockout.
     *
     * @param userId who tried
     * @param reason {@code WRONG_CODE}, {@code REPLAYED_CODE} or {@code WRONG_RECOVERY_CODE}
     * @param locked true when this failure locked the account
     */
    public record SecondFactorFailed(UUID userId, String reason, boolean locked) {}

    /**
     * A user turned on two-factor sign-in and received new recovery codes.
     *
     * @param userId who
     */
    public record SecondFactorEnabled(UUID userId) {}

    /**
     * Two-factor sign-in was turned off for a user.
     *
     * @param userId whose
     * @param byUserId who turned it off
     */
    public record SecondFactorDisabled(UUID userId, UUID byUserId) {}

    /**
     * A sign-in setting of the installation changed, such as the idle session timeout.
     *
     * @param setting which, e.g. {@code idle-timeout-minutes}
     * @param before its value before
     * @param after its value after
     * @param byUserId who changed it
     */
    public record SignInPolicyChanged(String setting, String before, String after, UUID byUserId) {}
}
