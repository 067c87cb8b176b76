package dev.dossier.interactions;

import static dev.dossier.db.Tables.CUSTOMER_CONTACT_SUMMARY;
import static dev.dossier.db.Tables.INTERACTION;
import static dev.dossier.db.Tables.INTERACTION_DAILY;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The interaction reports. Channel and follow-up figures come from the daily roll-up, so a year is a few hundred
 * thousand roll-up rows at most whatever the number of interactions; contact frequency reads each customer's summary.
 * Every figure covers only what the user's interactions scope reaches ({@link Access#owned}).
 */
@Service
class InteractionReports {

    /**
     * A report's period and filters.
     *
     * @param from first day
     * @param to last day, inclusive
     * @param teamId only this team, or null
     * @param ownerId only this owner, or null
     */
    record Period(LocalDate from, LocalDate to, UUID teamId, UUID ownerId) {}

    /**
     * One channel's figures.
     *
     * @param channel channel
     * @param interactions how many contacts
     * @param satisfactionSum sum of the known satisfactions
     * @param rated how many had a satisfaction
     * @param succeeded follow-ups that succeeded
     * @param failed follow-ups that did not
     */
    record ChannelRow(
            Channel channel, long interactions, long satisfactionSum, long rated, long succeeded, long failed) {

        /** Average satisfaction, or null when none was rated. */
        public Double averageSatisfaction() {
            return rated == 0 ? null : Math.round(satisfactionSum * 100.0 / rated) / 100.0;
        }

        /** Succeeded / (succeeded + failed), or null when no follow-up has a result. */
        public Double successRate() {
            return rate(succeeded, failed);
        }
    }

    /**
     * One owner's follow-ups.
     *
     * @param ownerId owner
     * @param teamId their team, or null
     * @param interactions all their interactions in the period
     * @param succeeded follow-ups that succeeded
     * @param failed follow-ups that did not
     * @param needsFollowUp interactions that asked for a follow-up
     */
    record FollowUpRow(UUID ownerId, UUID teamId, long interactions, long succeeded, long failed, long needsFollowUp) {

        public long withResult() {
            return succeeded + failed;
        }

        public Double successRate() {
            return rate(succeeded, failed);
        }
    }

    /**
     * A customer's contacts in a period.
     *
     * @param customerId customer
     * @param name its name
     * @param interactions how many in the period
     * @param lastAt its last interaction ever, or null
     */
    record FrequencyRow(UUID customerId, String name, long interactions, OffsetDateTime lastAt) {}

    /**
     * A customer nobody contacted for long.
     *
     * @param customerId customer
     * @param name its name
     * @param lastAt its last interaction, or null for never
     */
    record QuietRow(UUID customerId, String name, OffsetDateTime lastAt) {}

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;

    InteractionReports(DSLContext db, Access access, CustomerDirectory customers) {
        this.db = db;
        this.access = access;
        this.customers = customers;
    }

    static Double rate(long succeeded, long failed) {
        return succeeded + failed == 0 ? null : Math.round(succeeded * 1000.0 / (succeeded + failed)) / 1000.0;
    }

    private Condition daily(Period p) {
        var d = INTERACTION_DAILY;
        Condition c = d.ON_DAY.between(p.from(), p.to()).and(access.owned(Area.INTERACTIONS, d.OWNER_ID, d.TEAM_ID));
        if (p.teamId() != null) {
            c = c.and(d.TEAM_ID.eq(p.teamId()));
        }
        if (p.ownerId() != null) {
            c = c.and(d.OWNER_ID.eq(p.ownerId()));
        }
        return c;
    }

    /** Every channel's figures in the period, in the channels' order; channels without contacts show zeros. */
    @Transactional(readOnly = true)
    List<ChannelRow> channels(Period p) {
        var d = INTERACTION_DAILY;
        var rows = new EnumMap<Channel, ChannelRow>(Channel.class);
        Arrays.stream(Channel.values()).forEach(c -> rows.put(c, new ChannelRow(c, 0, 0, 0, 0, 0)));
        db.select(
                        d.CHANNEL,
                        DSL.sum(d.INTERACTIONS),
                        DSL.sum(d.SATISFACTION_SUM),
                        DSL.sum(d.SATISFACTION_COUNT),
                        DSL.sum(d.FOLLOW_UP_SUCCEEDED),
                        DSL.sum(d.FOLLOW_UP_FAILED))
                .from(d)
                .where(daily(p))
                .groupBy(d.CHANNEL)
                .forEach(r -> {
                    var channel = Channel.valueOf(r.value1());
                    rows.put(
                            channel,
                            new ChannelRow(
                                    channel,
                                    n(r.value2()),
                                    n(r.value3()),
                                    n(r.value4()),
                                    n(r.value5()),
                                    n(r.value6())));
                });
        return List.copyOf(rows.values());
    }

    /** Follow-ups per owner in the period, owners with the most interactions first. */
    @Transactional(readOnly = true)
    List<FollowUpRow> followUps(Period p) {
        var d = INTERACTION_DAILY;
        var interactions = DSL.sum(d.INTERACTIONS);
        return db.select(
                        d.OWNER_ID,
                        d.TEAM_ID,
                        interactions,
                        DSL.sum(d.FOLLOW_UP_SUCCEEDED),
                        DSL.sum(d.FOLLOW_UP_FAILED),
                        DSL.sum(d.NEEDS_FOLLOW_UP))
                .from(d)
                .where(daily(p))
                .groupBy(d.OWNER_ID, d.TEAM_ID)
                .having(interactions.gt(BigDecimal.ZERO))
                .orderBy(interactions.desc(), d.OWNER_ID, d.TEAM_ID)
                .fetch(r -> new FollowUpRow(
                        r.value1(),
                        InteractionRollups.NO_TEAM.equals(r.value2()) ? null : r.value2(),
                        n(r.value3()),
                        n(r.value4()),
                        n(r.value5()),
                        n(r.value6())));
    }

    /**
     * The customers with the most interactions in the period, with their last contact, among the interactions the
     * user's scope covers and the customers they reach.
     */
    @Transactional(readOnly = true)
    List<FrequencyRow> frequency(Period p, ZoneId zone, int limit) {
        var i = INTERACTION;
        var count = DSL.count();
        Condition c = i.DELETED_AT
                .isNull()
                .and(i.STARTED_AT.ge(p.from().atStartOfDay(zone).toOffsetDateTime()))
                .and(i.STARTED_AT.lt(p.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime()))
                .and(access.owned(Area.INTERACTIONS, i.OWNER_ID, i.TEAM_ID))
                .and(customers.reachable(i.CUSTOMER_ID));
        if (p.teamId() != null) {
            c = c.and(i.TEAM_ID.eq(p.teamId()));
        }
        if (p.ownerId() != null) {
            c = c.and(i.OWNER_ID.eq(p.ownerId()));
        }
        var rows = db.select(i.CUSTOMER_ID, count)
                .from(i)
                .where(c)
                .groupBy(i.CUSTOMER_ID)
                .orderBy(count.desc(), i.CUSTOMER_ID)
                .limit(limit)
                .fetch();
        var ids = rows.map(r -> r.value1());
        var names = customers.names(ids);
        var last = ids.isEmpty()
                ? java.util.Map.<UUID, OffsetDateTime>of()
                : db.select(CUSTOMER_CONTACT_SUMMARY.CUSTOMER_ID, CUSTOMER_CONTACT_SUMMARY.LAST_AT)
                        .from(CUSTOMER_CONTACT_SUMMARY)
                        .where(InLists.in(db, CUSTOMER_CONTACT_SUMMARY.CUSTOMER_ID, ids))
                        .fetchMap(CUSTOMER_CONTACT_SUMMARY.CUSTOMER_ID, CUSTOMER_CONTACT_SUMMARY.LAST_AT);
        return rows.map(r -> new FrequencyRow(r.value1(), names.get(r.value1()), r.value2(), last.get(r.value1())));
    }

    /**
     * Reachable customers nobody has contacted since {@code cutoff}: first those never contacted (and registered
     * before the cutoff), by id, then those whose last contact is oldest. Each part walks an index in order and
     * stops after a page: the customers' primary key with an anti-join on the summaries, then the summaries'
     * {@code last_at} index.
     */
    @Transactional(readOnly = true)
    Slice<QuietRow> quiet(OffsetDateTime cutoff, String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, 500));
        var s = CUSTOMER_CONTACT_SUMMARY;
        var out = new ArrayList<QuietRow>();
        boolean never = true;
        UUID afterId = null;
        OffsetDateTime afterAt = null;
        if (cursor != null && !cursor.isBlank()) {
            var parts = Cursor.decode(cursor, 3);
            try {
                never = parts.get(0).equals("N");
                afterAt = never ? null : Cursor.time(parts.get(1));
                afterId = UUID.fromString(parts.get(2));
            } catch (RuntimeException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        // Scoped by the owner and team the summary copies from the customer, so that each part is one range of
        // the summaries' (owner_id | team_id | nothing, last_at, customer_id) indexes in order; the customer's own
        // row is looked up by its key for the page's rows only, to leave out the trash and to name them.
        var reached = access.visible(Area.CUSTOMERS, "customer", s.CUSTOMER_ID, s.OWNER_ID, s.TEAM_ID)
                .and(customers.notInTrash(s.CUSTOMER_ID));
        var name = customers.name(s.CUSTOMER_ID);
        if (never) {
            Condition c = reached.and(s.LAST_AT.isNull()).and(s.CREATED_AT.lt(cutoff));
            if (afterId != null) {
                c = c.and(s.CUSTOMER_ID.gt(afterId));
            }
            db.select(s.CUSTOMER_ID, name)
                    .from(s)
                    .where(c)
                    .orderBy(s.LAST_AT, s.CUSTOMER_ID)
                    .limit(size + 1)
                    .forEach(r -> out.add(new QuietRow(r.value1(), r.value2(), null)));
            if (out.size() > size) {
                var page = List.copyOf(out.subList(0, size));
                return new Slice<>(
                        page,
                        Cursor.encode(
                                List.of("N", "", page.getLast().customerId().toString())));
            }
        }
        Condition c = s.LAST_AT.lt(cutoff).and(reached);
        if (afterAt != null) {
            c = c.and(DSL.row(s.LAST_AT, s.CUSTOMER_ID).gt(afterAt, afterId));
        }
        db.select(s.CUSTOMER_ID, name, s.LAST_AT)
                .from(s)
                .where(c)
                .orderBy(s.LAST_AT, s.CUSTOMER_ID)
                .limit(size + 1 - out.size())
                .forEach(r -> out.add(new QuietRow(r.value1(), r.value2(), r.value3())));
        if (out.size() <= size) {
            return new Slice<>(List.copyOf(out), null);
        }
        var page = List.copyOf(out.subList(0, size));
        var last = page.getLast();
        return new Slice<>(
                page,
                last.lastAt() == null
                        ? Cursor.encode(List.of("N", "", last.customerId().toString()))
                        : Cursor.encode(List.of(
                                "O", last.lastAt().toString(), last.customerId().toString())));
    }

    private static long n(BigDecimal value) {
        return value == null ? 0 : value.longValue();
    }
}
