package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.RECORD_SHARE;
import static dev.dossier.db.Tables.USER_ROLE;

import dev.dossier.shared.NotFoundException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The single place where Dossier decides who may do what. Every page, API call, list, count, search, export and
 * report asks here: whether a role may do an operation in an area ({@link #require}), which records it reaches
 * ({@link #visible}, a condition that goes into the query itself, so lists, counts and search agree), and how much
 * of each field group it sees ({@link #field}). Nothing else in the code decides access; administrators change the
 * rights in the pages and they hold from the next request on.
 */
@Component
public class Access {

    /** Areas of Dossier that access is decided for. */
    public enum Area {
        /** Customer dossiers and their contacts. */
        CUSTOMERS,
        /** Users, teams, roles and permissions. */
        USERS,
        /** The audit trail. */
        AUDIT,
        /** Consents, data-subject requests and retention rules. */
        PRIVACY,
        /** Backups, restores, encryption keys and other settings of the installation. */
        SYSTEM,
        /** Calls, visits, emails, chats, meetings and other contacts with customers, and their reports. */
        INTERACTIONS,
        /** Notes, note templates, standard terms and comments. */
        NOTES,
        /** Tasks, follow-ups and reminders. */
        TASKS,
        /** The product catalogue: products, versions, categories and units sold. */
        PRODUCTS,
        /** Feedback, complaints and defect reports as tracked cases, their SLAs, surveys and service measures. */
        CASES,
        /** Problems (known defects) grouping many cases, and their hand-off to the product team. */
        PROBLEMS,
        /** The quality of customer data: possible duplicates, their review and the scans that find them. */
        QUALITY
    }

    /** What someone wants to do in an area. */
    public enum Operation {
        READ,
        CREATE,
        EDIT,
        DELETE,
        EXPORT,
        /** Remove permanently, beyond the trash. */
        PURGE,
        /** Bring records in from files, many at once. */
        IMPORT
    }

    /** Users whose reach is kept in memory: those making requests at once, with room to spare. */
    private static final int REACH_CAPACITY = 10_000;

    private final PolicyRepository policies;
    private final DSLContext db;
    private final IdentityCache.Cached<Class<Policy>, Policy> policy;
    private final IdentityCache.Cached<ReachKey, Reach> reaches;

    Access(PolicyRepository policies, DSLContext db, IdentityCache caches) {
        this.policies = policies;
        this.db = db;
        this.policy = caches.cache(1);
        this.reaches = caches.cache(REACH_CAPACITY);
    }

    /** Whether the current user may do {@code operation} in {@code area}. */
    public boolean allows(Area area, Operation operation) {
        return CurrentUser.find().map(user -> allows(user, area, operation)).orElse(false);
    }

    /** Same as {@link #allows(Area, Operation)}, for a given user. */
    public boolean allows(SignedInUser user, Area area, Operation operation) {
        return policy().grant(user.roles(), area).operations().contains(operation);
    }

    /** Throws {@link AccessDeniedException} unless the current user may do {@code operation} in {@code area}. */
    public void require(Area area, Operation operation) {
        if (!allows(area, operation)) {
            throw new AccessDeniedException(area + ":" + operation);
        }
    }

    /** Which records of {@code area} the current user reaches. */
    public RecordScope scope(Area area) {
        return CurrentUser.find()
                .map(user -> policy().grant(user.roles(), area).scope())
                .orElse(RecordScope.OWN);
    }

    /** How much of a field group the current user sees; nobody signed in (the system) sees everything. */
    public FieldLevel field(FieldGroup group) {
        return CurrentUser.find()
                .map(user -> policy().field(user.roles(), group))
                .orElse(FieldLevel.EDIT);
    }

    /**
     * The condition a query adds to keep only the records of {@code area} the current user may read.
     *
     * @param recordType the record type used when sharing, e.g. {@code customer}
     * @param id the record's id column
     * @param owner the record's owner column
     * @param team the record's team column
     */
    public Condition visible(Area area, String recordType, Field<UUID> id, Field<UUID> owner, Field<UUID> team) {
        var condition = owned(area, owner, team);
        var user = CurrentUser.find();
        if (user.isEmpty()
                || !allows(area, Operation.READ)
                || scope(area) == RecordScope.ALL
                || !reach(user.get()).hasShares()) {
            // Without shares the condition stays one the owner and team indexes answer in list order.
            return condition;
        }
        return condition.or(DSL.exists(DSL.selectOne()
                .from(RECORD_SHARE)
                .where(RECORD_SHARE.RECORD_TYPE.eq(recordType))
                .and(RECORD_SHARE.RECORD_ID.eq(id))
                .and(sharedWith(user.get()))));
    }

    /**
     * Whose records of {@code area} the current user reads, for a search index that keeps each record's owner and
     * team beside it: empty when they read every record; otherwise the owners, the teams and the ids of the records
     * of {@code recordType} shared with them (all three empty when they read none).
     *
     * @param owners owners whose records they read (themselves and whoever reports to them)
     * @param teams teams whose records they read
     * @param shared records shared with them or their team
     */
    public record Scope(Set<UUID> owners, Set<UUID> teams, Set<UUID> shared) {}

    /** The current user's {@link Scope} in {@code area}; empty for one who reads every record (or for no user). */
    public java.util.Optional<Scope> scopeOf(Area area, String recordType) {
        var user = CurrentUser.find();
        if (user.isEmpty()) {
            return java.util.Optional.empty();
        }
        var grant = policy().grant(user.get().roles(), area);
        if (!grant.operations().contains(Operation.READ)) {
            return java.util.Optional.of(new Scope(Set.of(), Set.of(), Set.of()));
        }
        if (grant.scope() == RecordScope.ALL) {
            return java.util.Optional.empty();
        }
        var reach = reach(user.get());
        Set<UUID> shared = reach.hasShares()
                ? Set.copyOf(db.select(RECORD_SHARE.RECORD_ID)
                        .from(RECORD_SHARE)
                        .where(RECORD_SHARE.RECORD_TYPE.eq(recordType))
                        .and(sharedWith(user.get()))
                        .fetch(RECORD_SHARE.RECORD_ID))
                : Set.of();
        return java.util.Optional.of(new Scope(reach.userIds(), reach.teams(grant.scope()), shared));
    }

    /**
     * The condition a report or aggregate adds to keep only what the current user's scope in {@code area} covers,
     * decided on who owns each row and which team it belongs to (shares of single records do not widen a report).
     */
    public Condition owned(Area area, Field<UUID> owner, Field<UUID> team) {
        var user = CurrentUser.find();
        if (user.isEmpty()) {
            return DSL.trueCondition();
        }
        var grant = policy().grant(user.get().roles(), area);
        if (!grant.operations().contains(Operation.READ)) {
            return DSL.falseCondition();
        }
        if (grant.scope() == RecordScope.ALL) {
            return DSL.trueCondition();
        }
        var reach = reach(user.get());
        Condition condition = owner.in(reach.userIds());
        var teams = reach.teams(grant.scope());
        return teams.isEmpty() ? condition : condition.or(team.in(teams));
    }

    /** Whether the current user may do {@code operation} on one record. */
    public boolean allows(Area area, Operation operation, OwnedRecord record) {
        var user = CurrentUser.find();
        if (user.isEmpty()) {
            return true;
        }
        return allows(user.get(), area, operation, record, reach(user.get()));
    }

    /**
     * Whether another user, enabled, may do {@code operation} on one record: whom a mention or an assignment may
     * reach without telling them about a record they cannot open.
     */
    public boolean allowsFor(UUID userId, Area area, Operation operation, OwnedRecord record) {
        var row = db.select(APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.TEAM_ID, APP_USER.ENABLED)
                .from(APP_USER)
                .where(APP_USER.ID.eq(userId))
                .fetchOne();
        if (row == null || !Boolean.TRUE.equals(row.value4())) {
            return false;
        }
        var roles = db
                .select(USER_ROLE.ROLE)
                .from(USER_ROLE)
                .where(USER_ROLE.USER_ID.eq(userId))
                .fetch(USER_ROLE.ROLE)
                .stream()
                .map(Role::valueOf)
                .collect(java.util.stream.Collectors.toSet());
        var user = new SignedInUser(userId, row.value1(), row.value2(), roles, row.value3(), false);
        return allows(user, area, operation, record, reach(user));
    }

    private boolean allows(SignedInUser user, Area area, Operation operation, OwnedRecord record, Reach reach) {
        var grant = policy().grant(user.roles(), area);
        if (!grant.operations().contains(operation)) {
            return false;
        }
        if (grant.scope() == RecordScope.ALL) {
            return true;
        }
        if (record.ownerId() != null && reach.userIds().contains(record.ownerId())
                || record.teamId() != null && reach.teams(grant.scope()).contains(record.teamId())) {
            return true;
        }
        var share = db.select(DSL.max(DSL.when(RECORD_SHARE.CAN_EDIT, 1).otherwise(0)))
                .from(RECORD_SHARE)
                .where(RECORD_SHARE.RECORD_TYPE.eq(record.type()))
                .and(RECORD_SHARE.RECORD_ID.eq(record.id()))
                .and(sharedWith(user))
                .fetchOne(0, Integer.class);
        if (share == null) {
            return false;
        }
        return operation == Operation.READ
                || operation == Operation.EXPORT
                || share == 1 && operation == Operation.EDIT;
    }

    /**
     * Throws unless the current user may do {@code operation} on the record: {@link NotFoundException} when they do
     * not reach it at all (so that ids of other people's records reveal nothing), {@link AccessDeniedException} when
     * they see it but may not do this.
     */
    public void require(Area area, Operation operation, OwnedRecord record) {
        if (!allows(area, Operation.READ, record)) {
            throw new NotFoundException(record.type());
        }
        if (operation != Operation.READ && !allows(area, operation, record)) {
            throw new AccessDeniedException(area + ":" + operation);
        }
    }

    private Condition sharedWith(SignedInUser user) {
        Condition condition = RECORD_SHARE.USER_ID.eq(user.id());
        return user.teamId() == null ? condition : condition.or(RECORD_SHARE.TEAM_ID.eq(user.teamId()));
    }

    /** The roles' rights, kept in memory until an administrator changes them (see {@link IdentityCache}). */
    Policy policy() {
        return policy.get(Policy.class, key -> policies.load());
    }

    /**
     * Who and which teams a user in a team reaches, kept in memory until users, teams or shares change (see
     * {@link IdentityCache}).
     */
    private Reach reach(SignedInUser user) {
        return reaches.get(new ReachKey(user.id(), user.teamId()), key -> computeReach(user));
    }

    private Reach computeReach(SignedInUser user) {
        var users = new HashSet<UUID>();
        users.add(user.id());
        users.addAll(db.fetch("""
                WITH RECURSIVE reports (id) AS (
                    SELECT id FROM app_user WHERE manager_id = ?
                    UNION
                    SELECT u.id FROM app_user u JOIN reports r ON u.manager_id = r.id)
                SELECT id FROM reports""", user.id()).getValues(0, UUID.class));
        Set<UUID> team = user.teamId() == null ? Set.of() : Set.of(user.teamId());
        Set<UUID> tree = user.teamId() == null
                ? Set.of()
                : Set.copyOf(db.fetch("""
                WITH RECURSIVE tree (id) AS (
                    SELECT id FROM team WHERE id = ?
                    UNION
                    SELECT t.id FROM team t JOIN tree ON t.parent_id = tree.id)
                SELECT id FROM tree""", user.teamId()).getValues(0, UUID.class));
        boolean shares = db.fetchExists(RECORD_SHARE, sharedWith(user));
        return new Reach(user.id(), Set.copyOf(users), team, tree, shares);
    }

    private record ReachKey(UUID userId, UUID teamId) {}

    private record Reach(UUID userId, Set<UUID> userIds, Set<UUID> team, Set<UUID> teamTree, boolean hasShares) {

        Set<UUID> teams(RecordScope scope) {
            return switch (scope) {
                case OWN -> Set.of();
                case TEAM -> team;
                case TEAM_TREE, ALL -> teamTree;
            };
        }
    }
}
