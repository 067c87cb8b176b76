package dev.dossier.interactions;

import static dev.dossier.db.Tables.CUSTOMER_CONTACT_SUMMARY;
import static dev.dossier.db.Tables.INTERACTION;
import static dev.dossier.db.Tables.INTERACTION_DAILY;

import dev.dossier.customers.CustomerDirectory;
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

    private void add(Contribution c, int sign) {
        long satisfaction = c.satisfaction() == null ? 0 : c.satisfaction() * (long) sign;
        long rated = c.satisfaction() == null ? 0 : sign;
        long succeeded = Boolean.TRUE.equals(c.followUp()) ? sign : 0;
        long failed = Boolean.FALSE.equals(c.followUp()) ? sign : 0;
        long needs = c.needsFollowUp() ? sign : 0;
        var now = OffsetDateTime.now(clock);
        var d = INTERACTION_DAILY;
        Upserts.merge(() -> db.insertInto(d)
                .set(d.ID, UUID.randomUUID())
                .set(d.ON_DAY, c.day())
                .set(d.CHANNEL, c.channel())
                .set(d.OWNER_ID, c.ownerId())
                .set(d.TEAM_ID, c.teamId())
                .set(d.INTERACTIONS, (long) sign)
                .set(d.SATISFACTION_SUM, satisfaction)
                .set(d.SATISFACTION_COUNT, rated)
                .set(d.FOLLOW_UP_SUCCEEDED, succeeded)
                .set(d.FOLLOW_UP_FAILED, failed)
                .set(d.NEEDS_FOLLOW_UP, needs)
                .set(d.CREATED_AT, now)
                .set(d.UPDATED_AT, now)
                .onConflict(d.ON_DAY, d.CHANNEL, d.OWNER_ID, d.TEAM_ID)
                .doUpdate()
                .set(d.INTERACTIONS, d.INTERACTIONS.plus(sign))
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
