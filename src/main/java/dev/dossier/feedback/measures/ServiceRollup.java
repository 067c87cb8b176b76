package dev.dossier.feedback.measures;

import static dev.dossier.db.Tables.CASE_CATEGORY_DAY;
import static dev.dossier.db.Tables.CASE_DEFECT_DAY;
import static dev.dossier.db.Tables.CASE_DURATION_DAY;
import static dev.dossier.db.Tables.CASE_DURATION_MONTH;
import static dev.dossier.db.Tables.CASE_MEASURE_DAY;
import static dev.dossier.db.Tables.CASE_ROLLUP_STATE;
import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.db.Stamps;
import dev.dossier.jobs.Recurring;
import dev.dossier.shared.Formats;
import dev.dossier.shared.Upserts;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the roll-up of the service measures (V23) up to date: the rows of every opening day that has a case changed
 * since the last refresh are deleted and computed again from the cases, set-based, in one transaction. Days are in
 * the organisation's time zone. The first refresh fills every day.
 */
@Service
public class ServiceRollup {

    /** Changes written this long before a refresh started may commit after it read: they are read again. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private static final int STATE = 1;

    private final DSLContext db;
    private final Clock clock;
    private final ZoneId zone;

    ServiceRollup(DSLContext db, Clock clock, Formats formats) {
        this.db = db;
        this.clock = clock;
        this.zone = formats.zone();
    }

    /** The zone of the roll-up's days. */
    ZoneId zone() {
        return zone;
    }

    /** When the last refresh started, or null before the first one. */
    OffsetDateTime watermark() {
        return db.select(CASE_ROLLUP_STATE.WATERMARK)
                .from(CASE_ROLLUP_STATE)
                .where(CASE_ROLLUP_STATE.ID.eq(STATE))
                .fetchOne(CASE_ROLLUP_STATE.WATERMARK);
    }

    @Recurring(name = "service-rollup", fixedDelay = "${dossier.measures.rollup-poll:60s}")
    void poll() {
        refresh();
    }

    /**
     * Recomputes the days with a changed case (every day on the first run) and moves the watermark to the time this
     * refresh started. Two instances take turns on the state row's lock. Returns the number of days recomputed.
     */
    @Transactional
    public int refresh() {
        var now = OffsetDateTime.now(clock);
        Upserts.ifAbsent(() -> db.insertInto(
                        CASE_ROLLUP_STATE,
                        CASE_ROLLUP_STATE.ID,
                        CASE_ROLLUP_STATE.CREATED_AT,
                        CASE_ROLLUP_STATE.UPDATED_AT)
                .values(STATE, now, now)
                .onConflictDoNothing()
                .execute());
        var watermark = db.select(CASE_ROLLUP_STATE.WATERMARK)
                .from(CASE_ROLLUP_STATE)
                .where(CASE_ROLLUP_STATE.ID.eq(STATE))
                .forUpdate()
                .fetchOne(CASE_ROLLUP_STATE.WATERMARK);
        var c = FEEDBACK_CASE;
        var day = day(c.CREATED_AT);
        int days;
        if (watermark == null) {
            for (var t : List.<Table<?>>of(
                    CASE_MEASURE_DAY, CASE_DURATION_DAY, CASE_DURATION_MONTH, CASE_CATEGORY_DAY, CASE_DEFECT_DAY)) {
                db.deleteFrom(t).execute();
            }
            fill(DSL.noCondition(), now);
            var all = new TreeSet<>(db.selectDistinct(CASE_MEASURE_DAY.ON_DAY)
                    .from(CASE_MEASURE_DAY)
                    .fetch(CASE_MEASURE_DAY.ON_DAY));
            months(all, now);
            days = all.size();
        } else {
            var changed = new TreeSet<LocalDate>(db.selectDistinct(c.CREATED_AT)
                    .from(c)
                    .where(c.UPDATED_AT.gt(watermark.minus(MARGIN)))
                    .fetch(r -> r.value1().atZoneSameInstant(zone).toLocalDate()));
            for (var run : runs(changed)) {
                var first = run.getFirst();
                var last = run.getLast();
                db.deleteFrom(CASE_MEASURE_DAY)
                        .where(CASE_MEASURE_DAY.ON_DAY.in(run))
                        .execute();
                db.deleteFrom(CASE_DURATION_DAY)
                        .where(CASE_DURATION_DAY.ON_DAY.in(run))
                        .execute();
                db.deleteFrom(CASE_CATEGORY_DAY)
                        .where(CASE_CATEGORY_DAY.ON_DAY.in(run))
                        .execute();
                db.deleteFrom(CASE_DEFECT_DAY)
                        .where(CASE_DEFECT_DAY.ON_DAY.in(run))
                        .execute();
                fill(
                        c.CREATED_AT
                                .ge(first.atStartOfDay(zone).toOffsetDateTime())
                                .and(c.CREATED_AT.lt(
                                        last.plusDays(1).atStartOfDay(zone).toOffsetDateTime()))
                                .and(day.in(run)),
                        now);
            }
            months(changed, now);
            days = changed.size();
        }
        db.update(CASE_ROLLUP_STATE)
                .set(CASE_ROLLUP_STATE.WATERMARK, now)
                .set(Stamps.changed(CASE_ROLLUP_STATE, now))
                .where(CASE_ROLLUP_STATE.ID.eq(STATE))
                .execute();
        return days;
    }

    /** The changed days in runs of days close together, at most a month of days each, so each run is one range. */
    private static List<List<LocalDate>> runs(TreeSet<LocalDate> days) {
        var out = new ArrayList<List<LocalDate>>();
        List<LocalDate> run = null;
        for (var d : days) {
            if (run == null || d.isAfter(run.getFirst().plusDays(31))) {
                run = new ArrayList<>();
                out.add(run);
            }
            run.add(d);
        }
        return out;
    }

    /** Adds up the durations of the months of {@code days} from their days. */
    private void months(TreeSet<LocalDate> days, OffsetDateTime now) {
        var t = CASE_DURATION_MONTH;
        var d = CASE_DURATION_DAY;
        for (var month :
                new TreeSet<>(days.stream().map(day -> day.withDayOfMonth(1)).toList())) {
            db.deleteFrom(t).where(t.ON_MONTH.eq(month)).execute();
            db.insertInto(
                            t,
                            t.ID,
                            t.ON_MONTH,
                            t.KIND,
                            t.PRIORITY,
                            t.TEAM_ID,
                            t.MEASURE,
                            t.BUCKET,
                            t.DURATIONS,
                            t.MINUTES,
                            t.CREATED_AT,
                            t.UPDATED_AT)
                    .select(DSL.select(
                                    DSL.field("gen_random_uuid()", UUID.class),
                                    DSL.val(month),
                                    d.KIND,
                                    d.PRIORITY,
                                    d.TEAM_ID,
                                    d.MEASURE,
                                    d.BUCKET,
                                    DSL.sum(d.DURATIONS).cast(SQLDataType.BIGINT),
                                    DSL.sum(d.MINUTES).cast(SQLDataType.DOUBLE),
                                    DSL.val(now),
                                    DSL.val(now))
                            .from(d)
                            .where(d.ON_DAY.ge(month))
                            .and(d.ON_DAY.lt(month.plusMonths(1)))
                            .groupBy(d.KIND, d.PRIORITY, d.TEAM_ID, d.MEASURE, d.BUCKET))
                    .execute();
        }
    }

    /** Writes the roll-up rows of the cases {@code where} selects, grouped as the measures group them. */
    private void fill(Condition where, OffsetDateTime now) {
        var c = FEEDBACK_CASE;
        var live = where.and(c.DELETED_AT.isNull());
        var day = day(c.CREATED_AT).as("on_day");
        var id = DSL.field("gen_random_uuid()", UUID.class);
        var at = DSL.val(now);
        var m = CASE_MEASURE_DAY;
        db.insertInto(
                        m,
                        m.ID,
                        m.ON_DAY,
                        m.KIND,
                        m.PRIORITY,
                        m.TEAM_ID,
                        m.CASES,
                        m.ANSWERED_DUE,
                        m.RESPONDED_IN_TIME,
                        m.RESOLVED,
                        m.RESOLUTION_DUE,
                        m.RESOLVED_IN_TIME,
                        m.EVER_RESOLVED,
                        m.REOPENED,
                        m.CSAT_SUM,
                        m.CSAT_COUNT,
                        m.CREATED_AT,
                        m.UPDATED_AT)
                .select(DSL.select(
                                id,
                                day,
                                c.KIND,
                                c.PRIORITY,
                                c.TEAM_ID,
                                DSL.count().cast(SQLDataType.BIGINT),
                                count(c.FIRST_RESPONSE_DUE_AT.isNotNull().and(c.FIRST_RESPONDED_AT.isNotNull())),
                                count(c.FIRST_RESPONDED_AT.le(c.FIRST_RESPONSE_DUE_AT)),
                                count(c.RESOLVED_AT.isNotNull()),
                                count(c.RESOLVED_AT.isNotNull().and(c.RESOLUTION_DUE_AT.isNotNull())),
                                count(c.RESOLVED_AT.le(c.RESOLUTION_DUE_AT)),
                                count(c.RESOLVED_AT.isNotNull().or(c.REOPEN_COUNT.gt(0))),
                                count(c.REOPEN_COUNT.gt(0)),
                                DSL.coalesce(DSL.sum(c.CSAT_SCORE), DSL.inline(java.math.BigDecimal.ZERO))
                                        .cast(SQLDataType.BIGINT),
                                DSL.count(c.CSAT_SCORE).cast(SQLDataType.BIGINT),
                                at,
                                at)
                        .from(c)
                        .where(live)
                        .groupBy(day(c.CREATED_AT), c.KIND, c.PRIORITY, c.TEAM_ID))
                .execute();
        durations(live, c.FIRST_RESPONDED_AT, "FIRST", now);
        durations(live, c.RESOLVED_AT, "RESOLUTION", now);
        var k = CASE_CATEGORY_DAY;
        db.insertInto(
                        k,
                        k.ID,
                        k.ON_DAY,
                        k.KIND,
                        k.PRIORITY,
                        k.TEAM_ID,
                        k.CATEGORY,
                        k.REPORTS,
                        k.CREATED_AT,
                        k.UPDATED_AT)
                .select(DSL.select(
                                id,
                                day,
                                c.KIND,
                                c.PRIORITY,
                                c.TEAM_ID,
                                c.CATEGORY,
                                DSL.count().cast(SQLDataType.BIGINT),
                                at,
                                at)
                        .from(c)
                        .where(live)
                        .and(c.CATEGORY.isNotNull())
                        .groupBy(day(c.CREATED_AT), c.KIND, c.PRIORITY, c.TEAM_ID, c.CATEGORY))
                .execute();
        var d = CASE_DEFECT_DAY;
        db.insertInto(
                        d,
                        d.ID,
                        d.ON_DAY,
                        d.PRIORITY,
                        d.TEAM_ID,
                        d.PRODUCT_ID,
                        d.PRODUCT_VERSION_ID,
                        d.REPORTS,
                        d.CREATED_AT,
                        d.UPDATED_AT)
                .select(DSL.select(
                                id,
                                day,
                                c.PRIORITY,
                                c.TEAM_ID,
                                c.PRODUCT_ID,
                                c.PRODUCT_VERSION_ID,
                                DSL.count().cast(SQLDataType.BIGINT),
                                at,
                                at)
                        .from(c)
                        .where(live)
                        .and(c.KIND.eq("DEFECT"))
                        .and(c.PRODUCT_ID.isNotNull())
                        .groupBy(day(c.CREATED_AT), c.PRIORITY, c.TEAM_ID, c.PRODUCT_ID, c.PRODUCT_VERSION_ID))
                .execute();
    }

    /** The durations to {@code until} in the buckets of {@link Durations}, as {@link ServiceMeasures} buckets them. */
    private void durations(Condition where, Field<OffsetDateTime> until, String measure, OffsetDateTime now) {
        var c = FEEDBACK_CASE;
        var cases = DSL.select(
                        day(c.CREATED_AT).as("on_day"),
                        c.KIND.as("k"),
                        c.PRIORITY.as("p"),
                        c.TEAM_ID.as("t"),
                        ServiceMeasures.minutes(until).as("m"))
                .from(c)
                .where(where)
                .and(until.isNotNull())
                .offset(0)
                .asTable("d");
        var minutes = cases.field("m", Double.class);
        var bucketed = DSL.select(
                        cases.field("on_day"),
                        cases.field("k"),
                        cases.field("p"),
                        cases.field("t"),
                        minutes,
                        ServiceMeasures.bucket(minutes).as("b"))
                .from(cases)
                .asTable("e");
        var onDay = bucketed.field("on_day", LocalDate.class);
        var kind = bucketed.field("k", String.class);
        var priority = bucketed.field("p", String.class);
        var team = bucketed.field("t", UUID.class);
        var b = bucketed.field("b", Integer.class);
        var t = CASE_DURATION_DAY;
        var at = DSL.val(now);
        db.insertInto(
                        t,
                        t.ID,
                        t.ON_DAY,
                        t.KIND,
                        t.PRIORITY,
                        t.TEAM_ID,
                        t.MEASURE,
                        t.BUCKET,
                        t.DURATIONS,
                        t.MINUTES,
                        t.CREATED_AT,
                        t.UPDATED_AT)
                .select(DSL.select(
                                DSL.field("gen_random_uuid()", UUID.class),
                                onDay,
                                kind,
                                priority,
                                team,
                                DSL.inline(measure),
                                b,
                                DSL.count().cast(SQLDataType.BIGINT),
                                DSL.sum(bucketed.field("m", Double.class)).cast(SQLDataType.DOUBLE),
                                at,
                                at)
                        .from(bucketed)
                        .groupBy(onDay, kind, priority, team, b))
                .execute();
    }

    private static Field<Long> count(Condition condition) {
        return DSL.count().filterWhere(condition).cast(SQLDataType.BIGINT);
    }

    /**
     * The day of an opening time in the organisation's time zone, as SQL. H2 casts a time with zone to a date in
     * the session's zone, so there the local date is cut from the shifted time's text.
     */
    Field<LocalDate> day(Field<OffsetDateTime> at) {
        if (db.dialect().family() == SQLDialect.POSTGRES) {
            return DSL.field("CAST({0} AT TIME ZONE {1} AS DATE)", LocalDate.class, at, DSL.inline(zone.getId()));
        }
        return DSL.field(
                "CAST(LEFT(CAST({0} AT TIME ZONE {1} AS VARCHAR), 10) AS DATE)",
                LocalDate.class, at, DSL.inline(zone.getId()));
    }
}
