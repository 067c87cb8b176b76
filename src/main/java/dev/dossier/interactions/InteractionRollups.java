package dev.dossier.interactions;

import static dev.dossier.db.Tables.CUSTOMER_CONTACT_SUMMARY;
import static dev.dossier.db.Tables.INTERACTION;
import static dev.dossier.db.Tables.INTERACTION_DAILY;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.InLists;
import dev.dossier.db.Stamps;
import dev.dossier.identity.OwnedRecord;
import dev.dossier.shared.Formats;
import dev.dossier.shared.Upserts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The roll-ups the reports read: interactions counted by day, channel, owner and team, and each customer's last
 * contact. Every change of an interaction adjusts them in the same transaction with set-based upserts (a new
 * key row is inserted, an existing one is incremented where it lies, so concurrent writers never lose a count);
 * {@link #rebuild} recomputes both from the interactions.
 */
@Component
class InteractionRollups {

    /** The team of an owner who has none: the roll-up's key must not hold a null. */
    static final UUID NO_TEAM = new UUID(0, 0);

    private final DSLContext db;
    private final CustomerDirectory customers;
    private final Clock clock;
    private final ZoneId zone;

    InteractionRollups(DSLContext db, CustomerDirectory customers, Clock clock, Formats formats) {
        this.db = db;
        this.customers = customers;
        this.clock = clock;
        this.zone = formats.zone();
    }

    /**
     * What one interaction adds to the daily roll-up.
     *
     * @param day its day in the organisation's time zone
     * @param channel channel
     * @param ownerId owner
     * @param teamId the owner's team or {@link #NO_TEAM}
     * @param satisfaction 1–5 or null
     * @param followUp the follow-up's result or null
     * @param needsFollowUp whether it asked for a follow-up
     */
    record Contribution(
            LocalDate day,
            String channel,
            UUID ownerId,
            UUID teamId,
            Integer satisfaction,
            Boolean followUp,
            boolean needsFollowUp) {

        String key() {
            return day + "|" + channel + "|" + ownerId + "|" + teamId;
        }
    }

    Contribution contribution(Interaction i) {
        return new Contribution(
                i.startedAt().atZoneSameInstant(zone).toLocalDate(),
                i.channel().name(),
                i.ownerId(),
                i.teamId() == null ? NO_TEAM : i.teamId(),
                i.satisfaction(),
                i.followUpSucceeded(),
                i.outcome() == Outcome.NEEDS_FOLLOW_UP);
    }

    /**
     * Moves the roll-ups from {@code before} to {@code after} (either null for a new or a deleted interaction).
     * Key rows are touched in a fixed order so that two edits never wait on each other crosswise.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void changed(Interaction before, Interaction after) {
        var deltas = new ArrayList<java.util.Map.Entry<Contribution, Integer>>();
        if (before != null) {
            deltas.add(java.util.Map.entry(contribution(before), -1));
        }
        if (after != null) {
            deltas.add(java.util.Map.entry(contribution(after), 1));
        }
        deltas.sort(Comparator.comparing(e -> e.getKey().key()));
        for (var delta : deltas) {
            add(delta.getKey(), delta.getValue());
        }
        var touched = new java.util.TreeSet<UUID>();
        if (before != null) {
            touched.add(before.customerId());
        }
        if (after != null) {
            touched.add(after.customerId());
        }
        var owners = customers.owners(touched);
        touched.forEach(id -> recount(id, owners.get(id)));
    }

    /**
     * Interactions were logged together (an import's batch): the day roll-ups move once a key, by the batch's sums,
     * and each customer's summary is recounted once, with set-based statements, keys and customers in a fixed order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void logged(java.util.List<Interaction> interactions) {
        if (interactions.isEmpty()) {
            return;
        }
        var sums = new java.util.TreeMap<String, long[]>();
        var keys = new java.util.HashMap<String, Contribution>();
        for (var i : interactions) {
            var c = contribution(i);
            keys.putIfAbsent(c.key(), c);
            var sum = sums.computeIfAbsent(c.key(), k -> new long[6]);
            sum[0]++;
            sum[1] += c.satisfaction() == null ? 0 : c.satisfaction();
            sum[2] += c.satisfaction() == null ? 0 : 1;
            sum[3] += Boolean.TRUE.equals(c.followUp()) ? 1 : 0;
            sum[4] += Boolean.FALSE.equals(c.followUp()) ? 1 : 0;
            sum[5] += c.needsFollowUp() ? 1 : 0;
        }
        addToDays(keys, sums);
        var added = new java.util.TreeMap<UUID, Interaction>();
        var counts = new HashMap<UUID, Long>();
        for (var i : interactions) {
            added.merge(i.customerId(), i, (a, b) -> a.startedAt().isBefore(b.startedAt()) ? b : a);
            counts.merge(i.customerId(), 1L, Long::sum);
        }
        addToSummaries(added, counts);
    }

    /**
     * Adds a batch's sums to the day roll-ups with three statements rather than one a key: the rows of keys not yet
     * there are inserted empty (a row another writer inserted meanwhile is left as it is), then every key's row is
     * moved by its sums in one JDBC batch of updates, in key order.
     */
    private void addToDays(Map<String, Contribution> keys, java.util.SortedMap<String, long[]> sums) {
        var d = INTERACTION_DAILY;
        var now = OffsetDateTime.now(clock);
        var days = keys.values().stream().map(Contribution::day).sorted().toList();
        var owners =
                keys.values().stream().map(Contribution::ownerId).distinct().toList();
        var present = new java.util.HashSet<String>();
        db.select(d.ON_DAY, d.CHANNEL, d.OWNER_ID, d.TEAM_ID)
                .from(d)
                .where(InLists.in(db, d.OWNER_ID, owners))
                .and(d.ON_DAY.between(days.getFirst(), days.getLast()))
                .forEach(r -> present.add(r.value1() + "|" + r.value2() + "|" + r.value3() + "|" + r.value4()));
        var missing = sums.keySet().stream()
                .filter(k -> !present.contains(k))
                .map(keys::get)
                .toList();
        if (!missing.isEmpty()) {
            try {
                emptyDays(missing, now).execute();
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                // H2 undid only that statement: insert them one by one, each leaving a raced row as it is.
                for (var c : missing) {
                    Upserts.ifAbsent(() -> emptyDays(List.of(c), now).execute());
                }
            }
        }
        var updates = new ArrayList<org.jooq.Query>();
        sums.forEach((key, sum) -> {
            var c = keys.get(key);
            updates.add(db.update(d)
                    .set(d.INTERACTIONS, d.INTERACTIONS.plus(sum[0]))
                    .set(d.SATISFACTION_SUM, d.SATISFACTION_SUM.plus(sum[1]))
                    .set(d.SATISFACTION_COUNT, d.SATISFACTION_COUNT.plus(sum[2]))
                    .set(d.FOLLOW_UP_SUCCEEDED, d.FOLLOW_UP_SUCCEEDED.plus(sum[3]))
                    .set(d.FOLLOW_UP_FAILED, d.FOLLOW_UP_FAILED.plus(sum[4]))
                    .set(d.NEEDS_FOLLOW_UP, d.NEEDS_FOLLOW_UP.plus(sum[5]))
                    .set(Stamps.changed(d, now))
                    .where(d.ON_DAY.eq(c.day()))
                    .and(d.CHANNEL.eq(c.channel()))
                    .and(d.OWNER_ID.eq(c.ownerId()))
                    .and(d.TEAM_ID.eq(c.teamId())));
        });
        db.batch(updates).execute();
    }

    /** Empty day roll-up rows for the contributions' keys, leaving any already there as they are. */
    private org.jooq.Query emptyDays(List<Contribution> contributions, OffsetDateTime now) {
        var d = INTERACTION_DAILY;
        var insert = db.insertInto(
                d,
                d.ID,
                d.ON_DAY,
                d.CHANNEL,
                d.OWNER_ID,
                d.TEAM_ID,
                d.INTERACTIONS,
                d.SATISFACTION_SUM,
                d.SATISFACTION_COUNT,
                d.FOLLOW_UP_SUCCEEDED,
                d.FOLLOW_UP_FAILED,
                d.NEEDS_FOLLOW_UP,
                d.CREATED_AT,
                d.UPDATED_AT);
        for (var c : contributions) {
            insert = insert.values(
                    UUID.randomUUID(), c.day(), c.channel(), c.ownerId(), c.teamId(), 0L, 0L, 0L, 0L, 0L, 0L, now, now);
        }
        return insert.onConflict(d.ON_DAY, d.CHANNEL, d.OWNER_ID, d.TEAM_ID).doNothing();
    }

    /**
     * Adds newly logged interactions to their customers' summaries: the count grows by theirs and the last contact
     * moves to the latest of them if it is later. Each summary is created if missing and locked first, in customer
     * order, as {@link #recount(UUID, OwnedRecord)} does; counting up rather than over again keeps a batch's cost
     * independent of how many interactions the customers already have.
     *
     * @param latest each customer's latest new interaction
     * @param counts how many each customer got
     */
    private void addToSummaries(java.util.SortedMap<UUID, Interaction> latest, Map<UUID, Long> counts) {
        var s = CUSTOMER_CONTACT_SUMMARY;
        var now = OffsetDateTime.now(clock);
        var ids = java.util.List.copyOf(latest.keySet());
        var owners = customers.owners(ids);
        var present = new java.util.HashSet<>(db.select(s.CUSTOMER_ID)
                .from(s)
                .where(InLists.in(db, s.CUSTOMER_ID, ids))
                .fetch(s.CUSTOMER_ID));
        for (var id : ids) {
            if (!present.contains(id)) {
                ensure(id, now);
            }
        }
        db.select(s.ID)
                .from(s)
                .where(InLists.in(db, s.CUSTOMER_ID, ids))
                .orderBy(s.CUSTOMER_ID)
                .forUpdate()
                .fetch();
        var updates = new java.util.ArrayList<org.jooq.Query>();
        latest.forEach((id, last) -> {
            var owner = owners.get(id);
            if (!present.contains(id)) {
                // A summary made just now may not know the customer's earlier interactions: count them all.
                recount(id, owner);
                return;
            }
            updates.add(db.update(s)
                    .set(
                            s.LAST_AT,
                            DSL.when(s.LAST_AT.isNull().or(s.LAST_AT.lt(last.startedAt())), DSL.val(last.startedAt()))
                                    .otherwise(s.LAST_AT))
                    .set(s.INTERACTIONS, s.INTERACTIONS.plus(counts.get(id)))
                    .set(s.OWNER_ID, owner == null ? null : owner.ownerId())
                    .set(s.TEAM_ID, owner == null ? null : owner.teamId())
                    .set(Stamps.changed(s, now))
                    .where(s.CUSTOMER_ID.eq(id)));
        });
        db.batch(updates).execute();
    }

    private void add(Contribution c, int sign) {
        add(
                c,
                sign,
                c.satisfaction() == null ? 0 : c.satisfaction() * (long) sign,
                c.satisfaction() == null ? 0 : sign,
                Boolean.TRUE.equals(c.followUp()) ? sign : 0,
                Boolean.FALSE.equals(c.followUp()) ? sign : 0,
                c.needsFollowUp() ? sign : 0);
    }

    /** Adds to the day roll-up of the contribution's key. */
    private void add(
            Contribution c, long count, long satisfaction, long rated, long succeeded, long failed, long needs) {
        var now = OffsetDateTime.now(clock);
        var d = INTERACTION_DAILY;
        Upserts.merge(() -> db.insertInto(d)
                .set(d.ID, UUID.randomUUID())
                .set(d.ON_DAY, c.day())
                .set(d.CHANNEL, c.channel())
                .set(d.OWNER_ID, c.ownerId())
                .set(d.TEAM_ID, c.teamId())
                .set(d.INTERACTIONS, count)
                .set(d.SATISFACTION_SUM, satisfaction)
                .set(d.SATISFACTION_COUNT, rated)
                .set(d.FOLLOW_UP_SUCCEEDED, succeeded)
                .set(d.FOLLOW_UP_FAILED, failed)
                .set(d.NEEDS_FOLLOW_UP, needs)
                .set(d.CREATED_AT, now)
                .set(d.UPDATED_AT, now)
                .onConflict(d.ON_DAY, d.CHANNEL, d.OWNER_ID, d.TEAM_ID)
                .doUpdate()
                .set(d.INTERACTIONS, d.INTERACTIONS.plus(count))
                .set(d.SATISFACTION_SUM, d.SATISFACTION_SUM.plus(satisfaction))
                .set(d.SATISFACTION_COUNT, d.SATISFACTION_COUNT.plus(rated))
                .set(d.FOLLOW_UP_SUCCEEDED, d.FOLLOW_UP_SUCCEEDED.plus(succeeded))
                .set(d.FOLLOW_UP_FAILED, d.FOLLOW_UP_FAILED.plus(failed))
                .set(d.NEEDS_FOLLOW_UP, d.NEEDS_FOLLOW_UP.plus(needs))
                .set(Stamps.changed(d, now))
                .execute());
    }

    /**
     * Recounts a customer's last contact and number of interactions, and copies its owner and team. The customer's
     * summary row is created if missing and locked first, so concurrent writers for one customer take turns and each
     * counts what the previous one committed.
     *
     * @param owner the customer's owner and team, or null when it is gone
     */
    private void recount(UUID customerId, OwnedRecord owner) {
        var s = CUSTOMER_CONTACT_SUMMARY;
        var now = OffsetDateTime.now(clock);
        ensure(customerId, now);
        db.select(s.ID).from(s).where(s.CUSTOMER_ID.eq(customerId)).forUpdate().fetch();
        var row = db.select(DSL.max(INTERACTION.STARTED_AT), DSL.count())
                .from(INTERACTION)
                .where(INTERACTION.CUSTOMER_ID.eq(customerId))
                .and(INTERACTION.DELETED_AT.isNull())
                .fetchOne();
        db.update(s)
                .set(s.LAST_AT, row.value1())
                .set(s.INTERACTIONS, row.value2().longValue())
                .set(s.OWNER_ID, owner == null ? null : owner.ownerId())
                .set(s.TEAM_ID, owner == null ? null : owner.teamId())
                .set(Stamps.changed(s, now))
                .where(s.CUSTOMER_ID.eq(customerId))
                .execute();
    }

    private void ensure(UUID customerId, OffsetDateTime now) {
        var s = CUSTOMER_CONTACT_SUMMARY;
        Upserts.ifAbsent(() -> db.insertInto(s)
                .set(s.ID, UUID.randomUUID())
                .set(s.CUSTOMER_ID, customerId)
                .set(s.INTERACTIONS, 0L)
                .set(s.CREATED_AT, now)
                .set(s.UPDATED_AT, now)
                .onConflict(s.CUSTOMER_ID)
                .doNothing()
                .execute());
    }

    /** Customers were imported: each gets its summary row (never contacted), with its owner and team, in batches. */
    @Transactional
    void customersImported(java.util.List<UUID> customerIds) {
        var now = OffsetDateTime.now(clock);
        var rows = new java.util.ArrayList<dev.dossier.db.tables.records.CustomerContactSummaryRecord>();
        customers.owners(customerIds).forEach((id, owner) -> {
            var row = db.newRecord(CUSTOMER_CONTACT_SUMMARY);
            row.setId(UUID.randomUUID());
            row.setCustomerId(id);
            row.setOwnerId(owner.ownerId());
            row.setTeamId(owner.teamId());
            row.setInteractions(0L);
            row.setCreatedAt(now);
            row.setUpdatedAt(now);
            row.setVersion(0);
            rows.add(row);
        });
        if (!rows.isEmpty()) {
            dev.dossier.db.Batches.insert(db, rows);
        }
    }

    /**
     * A customer was registered or changed: its summary row exists (never contacted until an interaction says
     * otherwise) and carries its current owner and team, which the "not contacted" list scopes by.
     */
    @Transactional
    void customerChanged(UUID customerId) {
        var owner = customers.owners(java.util.List.of(customerId)).get(customerId);
        if (owner == null) {
            return;
        }
        var s = CUSTOMER_CONTACT_SUMMARY;
        ensure(customerId, OffsetDateTime.now(clock));
        db.update(s)
                .set(s.OWNER_ID, owner.ownerId())
                .set(s.TEAM_ID, owner.teamId())
                .where(s.CUSTOMER_ID.eq(customerId))
                .and(s.OWNER_ID.isDistinctFrom(owner.ownerId()).or(s.TEAM_ID.isDistinctFrom(owner.teamId())))
                .execute();
    }

    /**
     * The day of an interaction in the organisation's time zone, as SQL. H2 casts a time with zone to a date in the
     * session's zone, so there the local date is cut from the shifted time's text.
     */
    Field<LocalDate> day(Field<OffsetDateTime> at) {
        if (db.dialect().family() == SQLDialect.POSTGRES) {
            return DSL.field("CAST({0} AT TIME ZONE {1} AS DATE)", LocalDate.class, at, DSL.inline(zone.getId()));
        }
        return DSL.field(
                "CAST(LEFT(CAST({0} AT TIME ZONE {1} AS VARCHAR), 10) AS DATE)",
                LocalDate.class, at, DSL.inline(zone.getId()));
    }

    /** Recomputes both roll-ups from the interactions, set-based; returns the number of daily rows. */
    @Transactional
    int rebuild() {
        var i = INTERACTION;
        var d = INTERACTION_DAILY;
        var s = CUSTOMER_CONTACT_SUMMARY;
        var now = OffsetDateTime.now(clock);
        db.deleteFrom(d).execute();
        var day = day(i.STARTED_AT);
        var team = DSL.coalesce(i.TEAM_ID, DSL.inline(NO_TEAM));
        int rows = db.insertInto(
                        d,
                        d.ID,
                        d.ON_DAY,
                        d.CHANNEL,
                        d.OWNER_ID,
                        d.TEAM_ID,
                        d.INTERACTIONS,
                        d.SATISFACTION_SUM,
                        d.SATISFACTION_COUNT,
                        d.FOLLOW_UP_SUCCEEDED,
                        d.FOLLOW_UP_FAILED,
                        d.NEEDS_FOLLOW_UP,
                        d.CREATED_AT,
                        d.UPDATED_AT)
                .select(DSL.select(
                                DSL.field("gen_random_uuid()", UUID.class),
                                day,
                                i.CHANNEL,
                                i.OWNER_ID,
                                team,
                                DSL.count().cast(Long.class),
                                DSL.coalesce(DSL.sum(i.SATISFACTION), DSL.inline(java.math.BigDecimal.ZERO))
                                        .cast(Long.class),
                                DSL.count(i.SATISFACTION).cast(Long.class),
                                DSL.count()
                                        .filterWhere(i.FOLLOW_UP_SUCCEEDED.isTrue())
                                        .cast(Long.class),
                                DSL.count()
                                        .filterWhere(i.FOLLOW_UP_SUCCEEDED.isFalse())
                                        .cast(Long.class),
                                DSL.count()
                                        .filterWhere(i.OUTCOME.eq(Outcome.NEEDS_FOLLOW_UP.name()))
                                        .cast(Long.class),
                                DSL.val(now),
                                DSL.val(now))
                        .from(i)
                        .where(i.DELETED_AT.isNull())
                        .groupBy(day, i.CHANNEL, i.OWNER_ID, team))
                .execute();
        db.deleteFrom(s).execute();
        // Every customer gets a row, with its owner and team; created_at is the customer's registration.
        var all = customers.all();
        var counts = DSL.select(
                        i.CUSTOMER_ID,
                        DSL.max(i.STARTED_AT).as("last_at"),
                        DSL.count().cast(Long.class).as("n"))
                .from(i)
                .where(i.DELETED_AT.isNull())
                .groupBy(i.CUSTOMER_ID)
                .asTable("counts");
        var lastAt = counts.field("last_at", OffsetDateTime.class);
        var n = counts.field("n", Long.class);
        db.insertInto(
                        s,
                        s.ID,
                        s.CUSTOMER_ID,
                        s.OWNER_ID,
                        s.TEAM_ID,
                        s.LAST_AT,
                        s.INTERACTIONS,
                        s.CREATED_AT,
                        s.UPDATED_AT)
                .select(DSL.select(
                                DSL.field("gen_random_uuid()", UUID.class),
                                all.id(),
                                all.ownerId(),
                                all.teamId(),
                                lastAt,
                                DSL.coalesce(n, DSL.inline(0L)),
                                all.registeredAt(),
                                DSL.val(now))
                        .from(all.table())
                        .leftJoin(counts)
                        .on(counts.field(i.CUSTOMER_ID).eq(all.id())))
                .execute();
        return rows;
    }
}
