package dev.dossier.feedback.measures;

import static dev.dossier.db.Tables.CASE_CATEGORY_DAY;
import static dev.dossier.db.Tables.CASE_DEFECT_DAY;
import static dev.dossier.db.Tables.CASE_DURATION_DAY;
import static dev.dossier.db.Tables.CASE_DURATION_MONTH;
import static dev.dossier.db.Tables.CASE_MEASURE_DAY;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.db.Tables.SURVEY_RESPONSE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.RecordScope;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Works out the service measures over the cases opened in a period: a handful of set-based queries, each one pass
 * over the period's cases grouped into a few thousand rows at most (period × kind × priority × team, or durations
 * bucketed per {@link Durations}), put together here. Every figure covers only the cases whose customer the user's
 * scope in the cases area covers ({@link Access#owned} on the customer's owner and team).
 */
@Service
class ServiceMeasures {

    /** A category needs at least this many reports in the period to count as rising. */
    static final int RISING_MIN = 3;

    static final int RISING_ROWS = 10;
    /** With more days changed since the last refresh than this, the whole report is read from the cases. */
    static final int MAX_STALE_DAYS = 60;

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final ProductFigures products;
    private final Clock clock;
    private final ServiceRollup rollup;

    ServiceMeasures(
            DSLContext db,
            Access access,
            CustomerDirectory customers,
            ProductFigures products,
            Clock clock,
            ServiceRollup rollup) {
        this.db = db;
        this.rollup = rollup;
        this.access = access;
        this.customers = customers;
        this.products = products;
        this.clock = clock;
    }

    /** The counts of one period × kind × priority × team, added up into any grouping. */
    static final class Tally {
        long cases;
        long complaints;
        long responseDue;
        long respondedInTime;
        long resolved;
        long resolutionDue;
        long resolvedInTime;
        long everResolved;
        long reopened;
        long csatSum;
        long csatCount;

        void add(Tally t) {
            cases += t.cases;
            complaints += t.complaints;
            responseDue += t.responseDue;
            respondedInTime += t.respondedInTime;
            resolved += t.resolved;
            resolutionDue += t.resolutionDue;
            resolvedInTime += t.resolvedInTime;
            everResolved += t.everResolved;
            reopened += t.reopened;
            csatSum += t.csatSum;
            csatCount += t.csatCount;
        }
    }

    /** The whole report for a resolved filter. */
    @Transactional(readOnly = true)
    ServiceReport report(ServiceFilter f, ZoneId zone) {
        var now = OffsetDateTime.now(clock);
        var slots = f.slots();
        var split = split(f, zone);
        var end = f.to().plusDays(1);
        var inPeriod = scope().and(filters(f)).and(split.cases(FEEDBACK_CASE.CREATED_AT, f.from(), end));

        // 1. Counts per period, kind, priority and team: from the cases, and from the roll-up's days.
        var c = FEEDBACK_CASE;
        var slot = slotOf(c.CREATED_AT, f.boundaries(zone), 0, slots.size()).as("slot");
        var responseDue = c.FIRST_RESPONSE_DUE_AT
                .isNotNull()
                .and(c.FIRST_RESPONDED_AT.isNotNull().or(c.FIRST_RESPONSE_DUE_AT.lt(now)));
        var tallies = new ArrayList<Map.Entry<String[], Tally>>();
        db.select(
                        slot,
                        c.KIND,
                        c.PRIORITY,
                        c.TEAM_ID,
                        DSL.count(),
                        DSL.count().filterWhere(responseDue),
                        DSL.count().filterWhere(c.FIRST_RESPONDED_AT.le(c.FIRST_RESPONSE_DUE_AT)),
                        DSL.count().filterWhere(c.RESOLVED_AT.isNotNull()),
                        DSL.count().filterWhere(c.RESOLVED_AT.isNotNull().and(c.RESOLUTION_DUE_AT.isNotNull())),
                        DSL.count().filterWhere(c.RESOLVED_AT.le(c.RESOLUTION_DUE_AT)),
                        DSL.count().filterWhere(c.RESOLVED_AT.isNotNull().or(c.REOPEN_COUNT.gt(0))),
                        DSL.count().filterWhere(c.REOPEN_COUNT.gt(0)),
                        DSL.sum(c.CSAT_SCORE),
                        DSL.count(c.CSAT_SCORE))
                .from(c)
                .where(inPeriod)
                .groupBy(slot, c.KIND, c.PRIORITY, c.TEAM_ID)
                .forEach(r -> tallies.add(tally(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8(),
                        r.value9(),
                        r.value10(),
                        r.value11(),
                        r.value12(),
                        n(r.value13()),
                        r.value14())));
        if (split.rolledUp(f.from(), end)) {
            rolledUpTallies(f, split, now, tallies);
        }

        // 2. First-response and resolution times, bucketed per kind, priority and team.
        var response = durations(inPeriod.and(c.FIRST_RESPONDED_AT.isNotNull()), c.FIRST_RESPONDED_AT);
        var resolution = durations(inPeriod.and(c.RESOLVED_AT.isNotNull()), c.RESOLVED_AT);
        if (split.rolledUp(f.from(), end)) {
            rolledUpDurations(f, split, "FIRST", response);
            rolledUpDurations(f, split, "RESOLUTION", resolution);
        }

        long active = customers.activeCustomers(Area.CASES);
        var periods = new ArrayList<ServiceReport.PeriodRow>();
        for (int i = 0; i < slots.size(); i++) {
            var byKind = new LinkedHashMap<String, Long>();
            ServiceFilter.KIND_ORDER.forEach(k -> byKind.put(k, 0L));
            var total = new Tally();
            var key = String.valueOf(i);
            for (var e : tallies) {
                if (e.getKey()[0].equals(key)) {
                    byKind.merge(e.getKey()[1], e.getValue().cases, Long::sum);
                    total.add(e.getValue());
                }
            }
            var s = slots.get(i);
            periods.add(new ServiceReport.PeriodRow(
                    s.label(f.weekly()),
                    s.first(),
                    s.last(),
                    total.cases,
                    byKind,
                    total.complaints,
                    per(total.complaints, active, 100),
                    percent(total.respondedInTime, total.responseDue),
                    percent(total.resolvedInTime, total.resolutionDue)));
        }
        var all = new Tally();
        tallies.forEach(e -> all.add(e.getValue()));
        var allResponse = new Durations();
        response.values().forEach(allResponse::addAll);
        var allResolution = new Durations();
        resolution.values().forEach(allResolution::addAll);
        var totals = row("ALL", "", all, allResponse, allResolution);

        return new ServiceReport(
                f,
                "ELAPSED",
                active,
                all.complaints,
                per(all.complaints, active, 100),
                totals,
                periods,
                breakdown(1, tallies, response, resolution, ServiceFilter.KIND_ORDER),
                breakdown(3, tallies, response, resolution, null),
                breakdown(2, tallies, response, resolution, ServiceFilter.PRIORITY_ORDER),
                defects(inPeriod, split, f),
                rising(f, zone, split),
                nps(f.boundaries(zone)),
                split.cutoff() == null ? null : now);
    }

    private static Map.Entry<String[], Tally> tally(
            Object slot, String kind, String priority, UUID team, long... counts) {
        var t = new Tally();
        t.cases = counts[0];
        t.complaints = "COMPLAINT".equals(kind) ? t.cases : 0;
        t.responseDue = counts[1];
        t.respondedInTime = counts[2];
        t.resolved = counts[3];
        t.resolutionDue = counts[4];
        t.resolvedInTime = counts[5];
        t.everResolved = counts[6];
        t.reopened = counts[7];
        t.csatSum = counts[8];
        t.csatCount = counts[9];
        return Map.entry(new String[] {String.valueOf(slot), kind, priority, team == null ? "" : team.toString()}, t);
    }

    /**
     * The counts of the roll-up's days, and the first responses of their unanswered cases that fell due since
     * (those change with the time alone, so they are read from the cases).
     */
    private void rolledUpTallies(
            ServiceFilter f, Split split, OffsetDateTime now, List<Map.Entry<String[], Tally>> tallies) {
        var m = CASE_MEASURE_DAY;
        var days = new ArrayList<LocalDate>();
        f.slots().forEach(s -> days.add(s.first()));
        days.add(f.to().plusDays(1));
        var slot = slotOf(m.ON_DAY, days, 0, days.size() - 1).as("slot");
        db.select(
                        slot,
                        m.KIND,
                        m.PRIORITY,
                        m.TEAM_ID,
                        DSL.sum(m.CASES),
                        DSL.sum(m.ANSWERED_DUE),
                        DSL.sum(m.RESPONDED_IN_TIME),
                        DSL.sum(m.RESOLVED),
                        DSL.sum(m.RESOLUTION_DUE),
                        DSL.sum(m.RESOLVED_IN_TIME),
                        DSL.sum(m.EVER_RESOLVED),
                        DSL.sum(m.REOPENED),
                        DSL.sum(m.CSAT_SUM),
                        DSL.sum(m.CSAT_COUNT))
                .from(m)
                .where(split.days(m.ON_DAY, f.from(), f.to().plusDays(1)))
                .and(filters(f, m.KIND, m.PRIORITY, m.TEAM_ID))
                .groupBy(slot, m.KIND, m.PRIORITY, m.TEAM_ID)
                .forEach(r -> tallies.add(tally(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        n(r.value5()),
                        n(r.value6()),
                        n(r.value7()),
                        n(r.value8()),
                        n(r.value9()),
                        n(r.value10()),
                        n(r.value11()),
                        n(r.value12()),
                        n(r.value13()),
                        n(r.value14()))));
        var c = FEEDBACK_CASE;
        var caseSlot = slotOf(
                        c.CREATED_AT,
                        days.stream()
                                .map(d -> d.atStartOfDay(split.zone()).toOffsetDateTime())
                                .toList(),
                        0,
                        days.size() - 1)
                .as("slot");
        db.select(caseSlot, c.KIND, c.PRIORITY, c.TEAM_ID, DSL.count())
                .from(c)
                .where(c.FIRST_RESPONDED_AT.isNull())
                .and(split.rolledUpCases(c.CREATED_AT, f.from(), f.to().plusDays(1)))
                .and(c.FIRST_RESPONSE_DUE_AT.lt(now))
                .and(scope())
                .and(filters(f))
                .groupBy(caseSlot, c.KIND, c.PRIORITY, c.TEAM_ID)
                .forEach(r -> {
                    var e = tally(
                            r.value1(), r.value2(), r.value3(), r.value4(), 0, r.value5(), 0, 0, 0, 0, 0, 0, 0, 0);
                    tallies.add(e);
                });
    }

    /**
     * Adds the roll-up's durations of one measure to {@code out}: the whole months without a changed day from the
     * months' rows, the other rolled-up days from the days' rows.
     */
    private void rolledUpDurations(ServiceFilter f, Split split, String measure, Map<String, Durations> out) {
        var until = f.to().plusDays(1);
        var end = split.end(f.from(), until);
        var months = new ArrayList<LocalDate>();
        for (var m = f.from().withDayOfMonth(1); !m.plusMonths(1).isAfter(end); m = m.plusMonths(1)) {
            var first = m;
            if (!first.isBefore(f.from())
                    && split.stale().stream().noneMatch(d -> !d.isBefore(first) && d.isBefore(first.plusMonths(1)))) {
                months.add(first);
            }
        }
        var d = CASE_DURATION_DAY;
        var days = split.days(d.ON_DAY, f.from(), until);
        for (var m : months) {
            days = days.and(d.ON_DAY.lt(m).or(d.ON_DAY.ge(m.plusMonths(1))));
        }
        var t = CASE_DURATION_MONTH;
        db.select(d.KIND, d.PRIORITY, d.TEAM_ID, d.BUCKET, DSL.sum(d.DURATIONS), DSL.sum(d.MINUTES))
                .from(d)
                .where(days)
                .and(d.MEASURE.eq(measure))
                .and(filters(f, d.KIND, d.PRIORITY, d.TEAM_ID))
                .groupBy(d.KIND, d.PRIORITY, d.TEAM_ID, d.BUCKET)
                .unionAll(DSL.select(t.KIND, t.PRIORITY, t.TEAM_ID, t.BUCKET, DSL.sum(t.DURATIONS), DSL.sum(t.MINUTES))
                        .from(t)
                        .where(t.ON_MONTH.in(months))
                        .and(t.MEASURE.eq(measure))
                        .and(filters(f, t.KIND, t.PRIORITY, t.TEAM_ID))
                        .groupBy(t.KIND, t.PRIORITY, t.TEAM_ID, t.BUCKET))
                .forEach(r -> out.computeIfAbsent(
                                r.value1() + "|" + r.value2() + "|" + (r.value3() == null ? "" : r.value3()),
                                k -> new Durations())
                        .add(
                                r.value4(),
                                n(r.value5()),
                                r.value6() == null ? 0 : r.value6().doubleValue()));
    }

    /** The keys of group {@code part} (1 kind, 2 priority, 3 team) with their figures, in {@code order} if given. */
    private List<ServiceReport.BreakdownRow> breakdown(
            int part,
            List<Map.Entry<String[], Tally>> tallies,
            Map<String, Durations> response,
            Map<String, Durations> resolution,
            List<String> order) {
        var tally = new LinkedHashMap<String, Tally>();
        if (order != null) {
            order.forEach(k -> tally.put(k, new Tally()));
        }
        tallies.forEach(
                e -> tally.computeIfAbsent(e.getKey()[part], k -> new Tally()).add(e.getValue()));
        var rows = new ArrayList<ServiceReport.BreakdownRow>();
        tally.forEach((key, t) -> {
            if (t.cases == 0 && order == null) {
                return;
            }
            rows.add(row(
                    part == 1 ? "KIND" : part == 2 ? "PRIORITY" : "TEAM",
                    key,
                    t,
                    merged(response, part, key),
                    merged(resolution, part, key)));
        });
        if (order == null) {
            // Most cases first; teams with as many cases in the order of their keys, however the figures were read.
            rows.sort(Comparator.comparing(ServiceReport.BreakdownRow::cases)
                    .reversed()
                    .thenComparing(ServiceReport.BreakdownRow::key));
        }
        return rows;
    }

    private static Durations merged(Map<String, Durations> byGroup, int part, String key) {
        var out = new Durations();
        byGroup.forEach((group, d) -> {
            if (group.split("\\|", -1)[part - 1].equals(key)) {
                out.addAll(d);
            }
        });
        return out;
    }

    private static ServiceReport.BreakdownRow row(
            String dimension, String key, Tally t, Durations response, Durations resolution) {
        return new ServiceReport.BreakdownRow(
                dimension,
                key,
                t.cases,
                response.count(),
                response.medianHours(),
                response.p90Hours(),
                resolution.count(),
                resolution.medianHours(),
                resolution.p90Hours(),
                t.responseDue,
                percent(t.respondedInTime, t.responseDue),
                t.resolutionDue,
                percent(t.resolvedInTime, t.resolutionDue),
                t.everResolved,
                t.reopened,
                percent(t.reopened, t.everResolved),
                t.csatCount == 0 ? null : Math.round(t.csatSum * 100.0 / t.csatCount) / 100.0,
                t.csatCount);
    }

    /**
     * Durations from opening to {@code until}, in minutes, counted per kind, priority and team (keyed
     * {@code kind|priority|team}) and per bucket, with the sum of the minutes in each bucket. The minutes are worked
     * out once per case (the inner query is kept from being merged into the outer one, which would repeat them),
     * as doubles: this is the costliest part of the measures, one pass over the period's answered or resolved cases.
     */
    private Map<String, Durations> durations(Condition where, Field<OffsetDateTime> until) {
        var c = FEEDBACK_CASE;
        var cases = DSL.select(
                        c.KIND.as("k"),
                        c.PRIORITY.as("p"),
                        c.TEAM_ID.as("t"),
                        minutes(until).as("m"))
                .from(c)
                .where(where)
                .offset(0)
                .asTable("d");
        var m = cases.field("m", Double.class);
        var bucketed = DSL.select(
                        cases.field("k"),
                        cases.field("p"),
                        cases.field("t"),
                        m,
                        bucket(m).as("b"))
                .from(cases)
                .asTable("e");
        var kind = bucketed.field("k", String.class);
        var priority = bucketed.field("p", String.class);
        var team = bucketed.field("t", UUID.class);
        var b = bucketed.field("b", Integer.class);
        var out = new HashMap<String, Durations>();
        db.select(kind, priority, team, b, DSL.count(), DSL.sum(bucketed.field("m", Double.class)))
                .from(bucketed)
                .groupBy(kind, priority, team, b)
                .forEach(r -> out.computeIfAbsent(
                                r.value1() + "|" + r.value2() + "|" + (r.value3() == null ? "" : r.value3()),
                                k -> new Durations())
                        .add(
                                r.value4(),
                                r.value5(),
                                r.value6() == null ? 0 : r.value6().doubleValue()));
        return out;
    }

    /** Minutes from a case's opening to {@code until}, as a double. */
    static Field<Double> minutes(Field<OffsetDateTime> until) {
        return DSL.field(
                "cast(extract(epoch from ({0} - {1})) as double precision) / 60",
                SQLDataType.DOUBLE, until, FEEDBACK_CASE.CREATED_AT);
    }

    /** The bucket of {@link Durations} a number of minutes falls into, as SQL. */
    static Field<Integer> bucket(Field<Double> minutes) {
        return DSL.floor(DSL.ln(DSL.greatest(minutes, DSL.inline(1.0))).div(DSL.inline(Math.log(Durations.STEP))))
                .cast(SQLDataType.INTEGER);
    }

    /** Seconds since 1970 as a double: arithmetic and logarithms on doubles, which are cheap on every database. */
    private static Field<Double> epoch(Field<OffsetDateTime> at) {
        return DSL.extract(at, org.jooq.DatePart.EPOCH).cast(SQLDataType.DOUBLE);
    }

    /**
     * Defect reports per product in the period (all versions together) and per version, with the units sold and
     * the rate per 1,000 units: the products with the most reports first, each followed by its versions.
     */
    private List<ServiceReport.DefectRow> defects(Condition inPeriod, Split split, ServiceFilter f) {
        var c = FEEDBACK_CASE;
        var counted = new LinkedHashMap<List<UUID>, Long>();
        db.select(c.PRODUCT_ID, c.PRODUCT_VERSION_ID, DSL.count())
                .from(c)
                .where(inPeriod)
                .and(c.KIND.eq("DEFECT"))
                .and(c.PRODUCT_ID.isNotNull())
                .groupBy(c.PRODUCT_ID, c.PRODUCT_VERSION_ID)
                .forEach(r -> counted.merge(Arrays.asList(r.value1(), r.value2()), (long) r.value3(), Long::sum));
        var d = CASE_DEFECT_DAY;
        if (split.rolledUp(f.from(), f.to().plusDays(1)) && (f.kind() == null || "DEFECT".equals(f.kind()))) {
            db.select(d.PRODUCT_ID, d.PRODUCT_VERSION_ID, DSL.sum(d.REPORTS))
                    .from(d)
                    .where(split.days(d.ON_DAY, f.from(), f.to().plusDays(1)))
                    .and(filters(f, null, d.PRIORITY, d.TEAM_ID))
                    .groupBy(d.PRODUCT_ID, d.PRODUCT_VERSION_ID)
                    .forEach(r -> counted.merge(Arrays.asList(r.value1(), r.value2()), n(r.value3()), Long::sum));
        }
        record Reports(UUID value1, UUID value2, long value3) {}
        var rows = counted.entrySet().stream()
                .map(e -> new Reports(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        var names = products.names(rows.stream().map(Reports::value1).toList());
        var versions = products.versionNames(rows.stream()
                .map(Reports::value2)
                .filter(java.util.Objects::nonNull)
                .toList());
        var units = products.unitsSold(f.from(), f.to());
        var perProduct = new HashMap<UUID, Long>();
        rows.forEach(r -> perProduct.merge(r.value1(), r.value3(), Long::sum));
        var out = new ArrayList<ServiceReport.DefectRow>();
        perProduct.entrySet().stream()
                .sorted(Map.Entry.<UUID, Long>comparingByValue()
                        .reversed()
                        .thenComparing(e -> names.getOrDefault(e.getKey(), "")))
                .forEach(p -> {
                    var name = names.getOrDefault(p.getKey(), "");
                    out.add(defect(
                            p.getKey(),
                            name,
                            null,
                            null,
                            p.getValue(),
                            units.get(new ProductFigures.Key(p.getKey(), null))));
                    rows.stream()
                            .filter(r -> r.value1().equals(p.getKey()) && r.value2() != null)
                            .sorted(Comparator.comparing(r -> versions.getOrDefault(r.value2(), "")))
                            .forEach(r -> out.add(defect(
                                    p.getKey(),
                                    name,
                                    r.value2(),
                                    versions.getOrDefault(r.value2(), ""),
                                    r.value3(),
                                    units.get(new ProductFigures.Key(p.getKey(), r.value2())))));
                });
        return out;
    }

    private static ServiceReport.DefectRow defect(
            UUID product, String name, UUID version, String label, long defects, Long sold) {
        return new ServiceReport.DefectRow(
                product,
                name,
                version,
                label,
                defects,
                sold,
                sold == null || sold == 0 ? null : Math.round(defects * 1_000_000.0 / sold) / 1000.0);
    }

    /**
     * The categories whose reports rose most against the period of equal length before, among those with at least
     * {@link #RISING_MIN} reports now.
     */
    private List<ServiceReport.CategoryRow> rising(ServiceFilter f, ZoneId zone, Split split) {
        var c = FEEDBACK_CASE;
        var start = f.from().atStartOfDay(zone).toOffsetDateTime();
        var before = f.previous().from();
        var end = f.to().plusDays(1);
        var counted = new HashMap<String, long[]>();
        db.select(
                        c.CATEGORY,
                        DSL.count().filterWhere(c.CREATED_AT.ge(start)),
                        DSL.count().filterWhere(c.CREATED_AT.lt(start)))
                .from(c)
                .where(scope())
                .and(filters(f))
                .and(c.CATEGORY.isNotNull())
                .and(split.cases(c.CREATED_AT, before, end))
                .groupBy(c.CATEGORY)
                .forEach(r -> count(counted, r.value1(), r.value2(), r.value3()));
        if (split.rolledUp(before, end)) {
            var k = CASE_CATEGORY_DAY;
            db.select(
                            k.CATEGORY,
                            DSL.sum(k.REPORTS).filterWhere(k.ON_DAY.ge(f.from())),
                            DSL.sum(k.REPORTS).filterWhere(k.ON_DAY.lt(f.from())))
                    .from(k)
                    .where(split.days(k.ON_DAY, before, end))
                    .and(filters(f, k.KIND, k.PRIORITY, k.TEAM_ID))
                    .groupBy(k.CATEGORY)
                    .forEach(r -> count(counted, r.value1(), n(r.value2()), n(r.value3())));
        }
        var out = new ArrayList<ServiceReport.CategoryRow>();
        counted.forEach((category, n) -> {
            if (n[0] >= RISING_MIN && n[0] > n[1]) {
                out.add(new ServiceReport.CategoryRow(
                        category,
                        n[0],
                        n[1],
                        n[0] - n[1],
                        n[1] == 0 ? null : Math.round((n[0] - n[1]) * 1000.0 / n[1]) / 10.0));
            }
        });
        out.sort(Comparator.comparing(ServiceReport.CategoryRow::increase)
                .reversed()
                .thenComparing(ServiceReport.CategoryRow::current, Comparator.reverseOrder())
                .thenComparing(ServiceReport.CategoryRow::category));
        return out.size() > RISING_ROWS ? List.copyOf(out.subList(0, RISING_ROWS)) : out;
    }

    /**
     * The net promoter score of the NPS answers given in the period by customers the user's scope covers; NPS asks
     * about the organisation, so the case filters do not narrow it.
     */
    private Integer nps(List<OffsetDateTime> boundaries) {
        var r = SURVEY_RESPONSE;
        Condition where = r.KIND.eq("NPS")
                .and(r.ANSWERED_AT.ge(boundaries.getFirst()))
                .and(r.ANSWERED_AT.lt(boundaries.getLast()));
        where = where.and(customers.owned(Area.CASES, r.CUSTOMER_ID));
        var answers = db.select(
                        DSL.count().filterWhere(r.SCORE.ge(9)),
                        DSL.count().filterWhere(r.SCORE.between(7, 8)),
                        DSL.count().filterWhere(r.SCORE.le(6)))
                .from(r)
                .where(where)
                .fetchOne();
        return Nps.score(answers.value1(), answers.value2(), answers.value3());
    }

    /** Cases not deleted whose customer the user's scope in the cases area covers. */
    private Condition scope() {
        var c = FEEDBACK_CASE;
        Condition condition = c.DELETED_AT.isNull();
        if (everyCase()) {
            return condition;
        }
        return condition.and(customers.owned(Area.CASES, c.CUSTOMER_ID));
    }

    private boolean everyCase() {
        return access.scope(Area.CASES) == RecordScope.ALL && access.allows(Area.CASES, Access.Operation.READ);
    }

    /**
     * Which days the report reads from the roll-up: for a reader who sees every case, without a product filter,
     * in the roll-up's time zone, the days before the last refresh's day whose cases did not change since.
     */
    private Split split(ServiceFilter f, ZoneId zone) {
        var none = new Split(null, Set.of(), zone);
        if (f.productId() != null || !zone.equals(rollup.zone()) || !everyCase()) {
            return none;
        }
        var watermark = rollup.watermark();
        if (watermark == null) {
            return none;
        }
        var c = FEEDBACK_CASE;
        var stale = new TreeSet<LocalDate>(db.selectDistinct(c.CREATED_AT)
                .from(c)
                .where(c.UPDATED_AT.gt(watermark))
                .fetch(r -> r.value1().atZoneSameInstant(zone).toLocalDate()));
        if (stale.size() > MAX_STALE_DAYS) {
            return none;
        }
        return new Split(watermark.atZoneSameInstant(zone).toLocalDate(), stale, zone);
    }

    /**
     * The days read from the roll-up: those before {@code cutoff} (the day of the last refresh) with no case changed
     * since it ({@code stale}); every other day is read from the cases. No day when {@code cutoff} is null.
     */
    private record Split(LocalDate cutoff, Set<LocalDate> stale, ZoneId zone) {

        /** The first of the days [from, until) after the rolled-up ones. */
        LocalDate end(LocalDate from, LocalDate until) {
            return split(from, until);
        }

        private LocalDate split(LocalDate from, LocalDate until) {
            if (cutoff == null || !cutoff.isAfter(from)) {
                return from;
            }
            return cutoff.isBefore(until) ? cutoff : until;
        }

        boolean rolledUp(LocalDate from, LocalDate until) {
            return split(from, until).isAfter(from);
        }

        /** The roll-up rows of the rolled-up days among [from, until). */
        Condition days(Field<LocalDate> day, LocalDate from, LocalDate until) {
            var condition = day.ge(from).and(day.lt(split(from, until)));
            return stale.isEmpty() ? condition : condition.and(day.notIn(stale));
        }

        /** The cases opened on the days among [from, until) that are not rolled up. */
        Condition cases(Field<OffsetDateTime> at, LocalDate from, LocalDate until) {
            var first = split(from, until);
            Condition condition = at.ge(start(first)).and(at.lt(start(until)));
            for (var d : stale) {
                if (!d.isBefore(from) && d.isBefore(first)) {
                    condition = condition.or(at.ge(start(d)).and(at.lt(start(d.plusDays(1)))));
                }
            }
            return condition;
        }

        /** The cases opened on the rolled-up days among [from, until). */
        Condition rolledUpCases(Field<OffsetDateTime> at, LocalDate from, LocalDate until) {
            var first = split(from, until);
            Condition condition = at.ge(start(from)).and(at.lt(start(first)));
            for (var d : stale) {
                condition = condition.andNot(at.ge(start(d)).and(at.lt(start(d.plusDays(1)))));
            }
            return condition;
        }

        private OffsetDateTime start(LocalDate day) {
            return day.atStartOfDay(zone).toOffsetDateTime();
        }
    }

    private static Condition filters(ServiceFilter f) {
        var c = FEEDBACK_CASE;
        var condition = filters(f, c.KIND, c.PRIORITY, c.TEAM_ID);
        return f.productId() == null ? condition : condition.and(c.PRODUCT_ID.eq(f.productId()));
    }

    /** The filters on team, kind ({@code kind} null: a table of one kind) and priority. */
    private static Condition filters(ServiceFilter f, Field<String> kind, Field<String> priority, Field<UUID> team) {
        Condition condition = DSL.noCondition();
        if (f.teamId() != null) {
            condition = condition.and(team.eq(f.teamId()));
        }
        if (f.kind() != null && kind != null) {
            condition = condition.and(kind.eq(f.kind()));
        }
        if (f.priority() != null) {
            condition = condition.and(priority.eq(f.priority()));
        }
        return condition;
    }

    private static void count(Map<String, long[]> counted, String key, long current, long previous) {
        var n = counted.computeIfAbsent(key, k -> new long[2]);
        n[0] += current;
        n[1] += previous;
    }

    /**
     * The index of the slot {@code at} falls into among {@code boundaries[lo..hi]}: a balanced tree of comparisons,
     * so that a year of weeks costs six comparisons a row, and the same SQL on every database.
     */
    private static <T> Field<Integer> slotOf(Field<T> at, List<T> boundaries, int lo, int hi) {
        if (hi - lo <= 1) {
            return DSL.inline(lo);
        }
        int mid = (lo + hi) / 2;
        return DSL.when(at.lt(boundaries.get(mid)), slotOf(at, boundaries, lo, mid))
                .otherwise(slotOf(at, boundaries, mid, hi));
    }

    /** {@code part} per {@code unit} of {@code whole}, two decimals, or null when there is no whole. */
    static Double per(long part, long whole, int unit) {
        return whole == 0 ? null : Math.round(part * unit * 100.0 / whole) / 100.0;
    }

    /** Part of whole in percent, one decimal, or null when there is no whole. */
    static Double percent(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }

    private static long n(BigDecimal value) {
        return value == null ? 0 : value.longValue();
    }
}
