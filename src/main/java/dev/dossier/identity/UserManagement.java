package dev.dossier.identity;

import static dev.dossier.db.Tables.TEAM;

import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.AppUserRecord;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Administration of users and teams, and each user's own password. */
@Service
public class UserManagement {

    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    /**
     * What an administrator enters for a user.
     *
     * @param username sign-in name, lower case
     * @param displayName name shown, at most 100 characters
     * @param email email or blank
     * @param roles roles, at least one
     * @param teamId team or null
     * @param locale preferred language ({@code en} or {@code zh-CN}) or blank
     * @param enabled whether they may sign in
     */
    public record UserDraft(
            String username,
            @NotNull @Size(max = 100) String displayName,
            String email,
            @NotEmpty(message = "{user.roles.required}") Set<Role> roles,
            UUID teamId,

            @Pattern(regexp = "en|zh-CN", message = "{user.locale.invalid}")
            String locale,

            boolean enabled) {

        public UserDraft {
            username = Inputs.trim(username);
            displayName = Inputs.trim(displayName);
            email = Inputs.trim(email);
            locale = Inputs.trim(locale);
        }
    }

    /**
     * A team as an administrator enters it.
     *
     * @param name unique name, at most 100 characters
     * @param description at most 500 characters, or null
     */
    private record TeamDraft(
            @NotNull @Size(max = 100) String name,
            @Size(max = 500) String description) {

        TeamDraft {
            name = Inputs.trim(name);
            description = Inputs.trim(description);
        }
    }

    private final DSLContext db;
    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final Access access;
    private final org.springframework.context.ApplicationEventPublisher events;

    private final PasswordRule rule;
    private final IdentityCache caches;

    UserManagement(
            DSLContext db,
            UserRepository users,
            PasswordEncoder passwords,
            PasswordRule rule,
            Clock clock,
            Access access,
            org.springframework.context.ApplicationEventPublisher events,
            IdentityCache caches) {
        this.rule = rule;
        this.caches = caches;
        this.access = access;
        this.events = events;
        this.db = db;
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    /**
     * Creates a user with the given password, or with a generated one when null; returns the id. A password someone
     * chose follows the password rule; the system (the first administrator from the configuration, demo data) only
     * needs the shortest minimum length.
     */
    @Transactional
    public UUID create(UserDraft draft, String password, boolean mustChangePassword) {
        guard(Access.Operation.CREATE, null, draft);
        var problems = validate(draft, true);
        if (password != null && CurrentUser.find().isPresent()) {
            rule.check(problems, "password", password, draft.username());
        } else if (password != null && password.length() < PasswordRule.MIN_LENGTH) {
            problems.add(new FieldProblem("password", "password.too-short", PasswordRule.MIN_LENGTH));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = OffsetDateTime.now(clock);
        var actor = CurrentUser.actor().userId();
        var record = users.newRecord();
        record.setId(UUID.randomUUID());
        apply(record, draft);
        record.setUsername(draft.username().toLowerCase());
        record.setPasswordHash(passwords.encode(password == null ? generatePassword() : password));
        record.setMustChangePassword(mustChangePassword);
        Stamps.created(record, actor, now);
        record.insert();
        users.replaceRoles(record.getId(), draft.roles());
        events.publishEvent(new IdentityEvents.RolesChanged(record.getId(), Set.of(), draft.roles(), actor));
        caches.changed();
        return record.getId();
    }

    @Transactional
    public void update(UUID id, int expectedVersion, UserDraft draft) {
        var record = users.findById(id).orElseThrow(() -> new NotFoundException("User"));
        if (record.getVersion() != expectedVersion) {
            throw new StaleVersionException("User", record.getVersion());
        }
        guard(Access.Operation.EDIT, id, draft);
        var problems = validate(draft, false);
        var me = CurrentUser.find();
        if (me.isPresent() && me.get().id().equals(id)) {
            if (!draft.enabled()) {
                problems.add(new FieldProblem("enabled", "user.cannot-disable-self"));
            }
            if (me.get().has(Role.ADMINISTRATOR) && !draft.roles().contains(Role.ADMINISTRATOR)) {
                problems.add(new FieldProblem("roles", "user.cannot-drop-own-admin"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        apply(record, draft);
        Stamps.changed(record, CurrentUser.actor().userId(), OffsetDateTime.now(clock));
        record.update();
        var before = users.roles(id);
        users.replaceRoles(id, draft.roles());
        if (!before.equals(draft.roles())) {
            events.publishEvent(new IdentityEvents.RolesChanged(
                    id, before, draft.roles(), CurrentUser.actor().userId()));
        }
        caches.changed();
    }

    /**
     * Who may create or change users: those whose role allows it, and only administrators may hand out the
     * administrator role or change their own roles. The system (start-up, demo data) may.
     */
    private void guard(Access.Operation operation, UUID id, UserDraft draft) {
        var me = CurrentUser.find();
        if (me.isEmpty()) {
            return;
        }
        access.require(Access.Area.USERS, operation);
        if (me.get().has(Role.ADMINISTRATOR)) {
            return;
        }
        var roles = draft.roles() == null ? Set.<Role>of() : draft.roles();
        boolean ownRolesChange =
                id != null && id.equals(me.get().id()) && !users.roles(id).equals(roles);
        boolean grantsAdmin = roles.contains(Role.ADMINISTRATOR)
                && (id == null || !users.roles(id).contains(Role.ADMINISTRATOR));
        if (ownRolesChange || grantsAdmin) {
            throw new org.springframework.security.access.AccessDeniedException("raise roles");
        }
    }

    /** Sets who a user reports to; a manager sees what the people reporting to them own. */
    @Transactional
    public void assignManager(UUID id, UUID managerId) {
        if (CurrentUser.find().isPresent()) {
            access.require(Access.Area.USERS, Access.Operation.EDIT);
        }
        var record = users.findById(id).orElseThrow(() -> new NotFoundException("User"));
        if (managerId != null) {
            if (users.findById(managerId).isEmpty()) {
                throw new ValidationException(List.of(new FieldProblem("managerId", "user.manager.unknown")));
            }
            // Walk up from the new manager: meeting the user again would make a cycle.
            for (UUID at = managerId;
                    at != null;
                    at = users.findById(at).map(r -> r.getManagerId()).orElse(null)) {
                if (at.equals(id)) {
                    throw new ValidationException(List.of(new FieldProblem("managerId", "user.manager.cycle")));
                }
            }
        }
        record.setManagerId(managerId);
        Stamps.changed(record, CurrentUser.actor().userId(), OffsetDateTime.now(clock));
        record.update();
        caches.changed();
    }

    /** Sets a new temporary password that must be changed at the next sign-in; returns it, to hand over once. */
    @Transactional
    public String resetPassword(UUID id) {
        var record = users.findById(id).orElseThrow(() -> new NotFoundException("User"));
        var password = generatePassword();
        record.setPasswordHash(passwords.encode(password));
        record.setMustChangePassword(true);
        record.setFailedSignIns(0);
        record.setLockedUntil(null);
        record.setUpdatedAt(OffsetDateTime.now(clock));
        record.setVersion(record.getVersion() + 1);
        record.update();
        caches.changed();
        return password;
    }

    /** Changes the signed-in user's own password after checking the current one. */
    @Transactional
    public void changeOwnPassword(UUID id, String current, String next, String confirmation) {
        var record = users.findById(id).orElseThrow(() -> new NotFoundException("User"));
        var problems = new ArrayList<FieldProblem>();
        if (current == null || !passwords.matches(current, record.getPasswordHash())) {
            problems.add(new FieldProblem("currentPassword", "password.current.wrong"));
        }
        if (current != null && current.equals(next)) {
            problems.add(new FieldProblem("newPassword", "password.same"));
        } else {
            rule.check(problems, "newPassword", next, record.getUsername());
        }
        if (next != null && !next.equals(confirmation)) {
            problems.add(new FieldProblem("confirmation", "password.confirmation.mismatch"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        record.setPasswordHash(passwords.encode(next));
        record.setMustChangePassword(false);
        record.setUpdatedAt(OffsetDateTime.now(clock));
        record.setVersion(record.getVersion() + 1);
        record.update();
        caches.changed();
    }

    /** Creates a team; returns its id. */
    @Transactional
    public UUID createTeam(String name, UUID parentId, String description) {
        if (CurrentUser.find().isPresent()) {
            access.require(Access.Area.USERS, Access.Operation.CREATE);
        }
        var team = new TeamDraft(name, description);
        var problems = validateTeam(null, team, parentId);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = OffsetDateTime.now(clock);
        var id = UUID.randomUUID();
        db.insertInto(TEAM)
                .set(TEAM.ID, id)
                .set(TEAM.NAME, team.name())
                .set(TEAM.PARENT_ID, parentId)
                .set(TEAM.DESCRIPTION, team.description())
                .set(Stamps.created(TEAM, CurrentUser.actor().userId(), now))
                .execute();
        caches.changed();
        return id;
    }

    @Transactional
    public void updateTeam(UUID id, int expectedVersion, String name, UUID parentId, String description) {
        if (CurrentUser.find().isPresent()) {
            access.require(Access.Area.USERS, Access.Operation.EDIT);
        }
        var team = db.selectFrom(TEAM)
                .where(TEAM.ID.eq(id))
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("Team"));
        var draft = new TeamDraft(name, description);
        var problems = validateTeam(id, draft, parentId);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        int updated = db.update(TEAM)
                .set(TEAM.NAME, draft.name())
                .set(TEAM.PARENT_ID, parentId)
                .set(TEAM.DESCRIPTION, draft.description())
                .set(Stamps.changed(TEAM, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                .where(TEAM.ID.eq(id))
                .and(TEAM.VERSION.eq(expectedVersion))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Team", team.getVersion());
        }
        caches.changed();
    }

    private List<FieldProblem> validateTeam(UUID id, TeamDraft team, UUID parentId) {
        var problems = new ArrayList<>(FieldRules.check("field", team));
        // A name longer than allowed is never stored, so it is never taken.
        if (team.name() != null
                && db.fetchExists(
                        TEAM, TEAM.NAME.eq(team.name()).and(id == null ? TEAM.ID.isNotNull() : TEAM.ID.ne(id)))) {
            problems.add(new FieldProblem("name", "team.name.taken"));
        }
        if (parentId != null) {
            if (!db.fetchExists(TEAM, TEAM.ID.eq(parentId))) {
                problems.add(new FieldProblem("parentId", "team.parent.unknown"));
            } else if (id != null && createsCycle(id, parentId)) {
                problems.add(new FieldProblem("parentId", "team.parent.cycle"));
            }
        }
        return problems;
    }

    private boolean createsCycle(UUID id, UUID parentId) {
        var current = parentId;
        for (int depth = 0; current != null && depth < 100; depth++) {
            if (current.equals(id)) {
                return true;
            }
            current = db.select(TEAM.PARENT_ID)
                    .from(TEAM)
                    .where(TEAM.ID.eq(current))
                    .fetchOne(TEAM.PARENT_ID);
        }
        return false;
    }

    private List<FieldProblem> validate(UserDraft draft, boolean creating) {
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        if (creating) {
            var username = draft.username() == null ? "" : draft.username().toLowerCase();
            if (username.isEmpty()) {
                problems.add(new FieldProblem("username", "field.required"));
            } else if (!username.matches("[a-z0-9][a-z0-9._-]{1,63}")) {
                problems.add(new FieldProblem("username", "user.username.invalid"));
            } else if (users.findByUsername(username).isPresent()) {
                problems.add(new FieldProblem("username", "user.username.taken"));
            }
        }
        if (draft.email() != null) {
            try {
                EmailAddress.of(draft.email());
            } catch (InvalidValueException e) {
                problems.add(new FieldProblem("email", e.code()));
            }
        }
        if (draft.teamId() != null && !db.fetchExists(TEAM, TEAM.ID.eq(draft.teamId()))) {
            problems.add(new FieldProblem("teamId", "team.unknown"));
        }
        return problems;
    }

    private static void apply(AppUserRecord record, UserDraft draft) {
        record.setDisplayName(draft.displayName());
        record.setEmail(
                draft.email() == null ? null : EmailAddress.of(draft.email()).value());
        record.setTeamId(draft.teamId());
        record.setLocale(draft.locale());
        record.setEnabled(draft.enabled());
    }

    /** The minimum length of a new password now in force. */
    int minPasswordLength() {
        return rule.minimumLength();
    }

    String generatePassword() {
        var password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    static Set<Role> roles(Set<Role> roles) {
        return roles == null ? EnumSet.noneOf(Role.class) : roles;
    }
}
