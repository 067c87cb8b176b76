package dev.dossier.feedback.measures;

import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.db.Tables.SURVEY_RESPONSE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.RecordScope;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final ProductFigures products;
    private final Clock clock;

    ServiceMeasures(DSLContext db, Access access, CustomerDirectory customers, ProductFigures products,
            Clock clock) {
        this.db = db;
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
        var boundaries = f.boundaries(zone);
        var slots = f.slots();
        var inPeriod = scope().and(filters(f)).and(FEEDBACK_CASE.CREATED_AT.ge(boundaries.getFirst()))
                .and(FEEDBACK_CASE.CREATED_AT.lt(boundaries.getLast()));

        // 1. Counts per period, kind, priority and team.
        var c = FEEDBACK_CASE;
        var slot = slotOf(c.CREATED_AT, boundaries, 0, slots.size()).as("slot");
        var responseDue = c.FIRST_RESPONSE_DUE_AT.isNotNull()
                .and(c.FIRST_RESPONDED_AT.isNotNull().or(c.FIRST_RESPONSE_DUE_AT.lt(now)));
        var tallies = new ArrayList<Map.Entry<String[], Tally>>();
        db.select(slot, c.KIND, c.PRIORITY, c.TEAM_ID, DSL.count(),
                        DSL.count().filterWhere(responseDue),
                        DSL.count().filterWhere(c.FIRST_RESPONDED_AT.le(c.FIRST_RESPONSE_DUE_AT)),
                        DSL.count().filterWhere(c.RESOLVED_AT.isNotNull()),
                        DSL.count().filterWhere(c.RESOLVED_AT.isNotNull().and(c.RESOLUTION_DUE_AT.isNotNull())),
                        DSL.count().filterWhere(c.RESOLVED_AT.le(c.RESOLUTION_DUE_AT)),
                        DSL.count().filterWhere(c.RESOLVED_AT.isNotNull().or(c.REOPEN_COUNT.gt(0))),
                        DSL.count().filterWhere(c.REOPEN_COUNT.gt(0)),
                        DSL.sum(c.CSAT_SCORE), DSL.count(c.CSAT_SCORE))
                .from(c).where(inPeriod)
                .groupBy(slot, c.KIND, c.PRIORITY, c.TEAM_ID)
                .forEach(r -> {
                    var t = new Tally();
                    t.cases = r.value5();
                    t.complaints = "COMPLAINT".equals(r.value2()) ? t.cases : 0;
                    t.responseDue = r.value6();
                    t.respondedInTime = r.value7();
                    t.resolved = r.value8();
                    t.resolutionDue = r.value9();
                    t.resolvedInTime = r.value10();
                    t.everResolved = r.value11();
                    t.reopened = r.value12();
                    t.csatSum = n(r.value13());
                    t.csatCount = r.value14();
                    tallies.add(Map.entry(new String[] {String.valueOf(r.value1()), r.value2(), r.value3(),
                        r.value4() == null ? "" : r.value4().toString()}, t));
                });

        // 2. First-response and resolution times, bucketed per kind, priority and team.
        var response = durations(inPeriod.and(c.FIRST_RESPONDED_AT.isNotNull()), c.FIRST_RESPONDED_AT);
        var resolution = durations(inPeriod.and(c.RESOLVED_AT.isNotNull()), c.RESOLVED_AT);

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
            periods.add(new ServiceReport.PeriodRow(s.label(f.weekly()), s.first(), s.last(), total.cases,
                    byKind, total.complaints, per(total.complaints, active, 100), percent(total.respondedInTime,
                            total.responseDue), percent(total.resolvedInTime, total.resolutionDue)));
        }
        var all = new Tally();
        tallies.forEach(e -> all.add(e.getValue()));
        var allResponse = new Durations();
        response.values().forEach(allResponse::addAll);
        var allResolution = new Durations();
        resolution.values().forEach(allResolution::addAll);
        var totals = row("ALL", "", all, allResponse, allResolution);

        return new ServiceReport(f, "ELAPSED", active, all.complaints, per(all.complaints, active, 100), totals, periods,
                breakdown(1, tallies, response, resolution, ServiceFilter.KIND_ORDER),
                breakdown(3, tallies, response, resolution, null),
                breakdown(2, tallies, response, resolution, ServiceFilter.PRIORITY_ORDER),
                defects(inPeriod, f), rising(f, zone), nps(boundaries));
    }

    /** The keys of group {@code part} (1 kind, 2 priority, 3 team) with their figures, in {@code order} if given. */
    private List<ServiceReport.BreakdownRow> breakdown(int part, List<Map.Entry<String[], Tally>> tallies,
            Map<String, Durations> response, Map<String, Durations> resolution, List<String> order) {
        var tally = new LinkedHashMap<String, Tally>();
        if (order != null) {
            order.forEach(k -> tally.put(k, new Tally()));
        }
        tallies.forEach(e -> tally.computeIfAbsent(e.getKey()[part], k -> new Tally()).add(e.getValue()));
        var rows = new ArrayList<ServiceReport.BreakdownRow>();
        tally.forEach((key, t) -> {
            if (t.cases == 0 && order == null) {
                return;
            }
            rows.add(row(part == 1 ? "KIND" : part == 2 ? "PRIORITY" : "TEAM", key, t,
                    merged(response, part, key), merged(resolution, part, key)));
        });
        if (order == null) {
            rows.sort(Comparator.comparing(ServiceReport.BreakdownRow::cases).reversed());
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

    private static ServiceReport.BreakdownRow row(String dimension, String key, Tally t, Durations response,
            Durations resolution) {
        return new ServiceReport.BreakdownRow(dimension, key, t.cases, response.count(), response.medianHours(),
                response.p90Hours(), resolution.count(), resolution.medianHours(), resolution.p90Hours(),
                t.responseDue, percent(t.respondedInTime, t.responseDue), t.resolutionDue,
                percent(t.resolvedInTime, t.resolutionDue), t.everResolved, t.reopened,
                percent(t.reopened, t.everResolved),
                t.csatCount == 0 ? null : Math.round(t.csatSum * 100.0 / t.csatCount) / 100.0, t.csatCount);
    }

    /**
     * Durations from opening to {@code until}, in minutes, counted per kind, priority and team (keyed
     * {@code kind|priority|team}) and per bucket, with the sum of the minutes in each bucket. The minutes are worked
     * out once per case (the inner query is kept from being merged into the outer one, which would repeat them),
     * as doubles: this is the costliest part of the measures, one pass over the period's answered or resolved cases.
     */
    private Map<String, Durations> durations(Condition where, Field<OffsetDateTime> until) {
        var c = FEEDBACK_CASE;
        var minutes = DSL.field("cast(extract(epoch from ({0} - {1})) as double precision) / 60", SQLDataType.DOUBLE,
                until, c.CREATED_AT);
        var cases = DSL.select(c.KIND.as("k"), c.PRIORITY.as("p"), c.TEAM_ID.as("t"), minutes.as("m"))
                .from(c).where(where).offset(0).asTable("d");
        var m = cases.field("m", Double.class);
        var bucket = DSL.floor(DSL.ln(DSL.greatest(m, DSL.inline(1.0))).div(DSL.inline(Math.log(Durations.STEP))))
                .cast(SQLDataType.INTEGER);
        var bucketed = DSL.select(cases.field("k"), cases.field("p"), cases.field("t"), m, bucket.as("b"))
                .from(cases).asTable("e");
        var kind = bucketed.field("k", String.class);
        var priority = bucketed.field("p", String.class);
        var team = bucketed.field("t", UUID.class);
        var b = bucketed.field("b", Integer.class);
        var out = new HashMap<String, Durations>();
        db.select(kind, priority, team, b, DSL.count(), DSL.sum(bucketed.field("m", Double.class)))
                .from(bucketed).groupBy(kind, priority, team, b)
                .forEach(r -> out.computeIfAbsent(r.value1() + "|" + r.value2() + "|"
                                + (r.value3() == null ? "" : r.value3()), k -> new Durations())
                        .add(r.value4(), r.value5(), r.value6() == null ? 0 : r.value6().doubleValue()));
        return out;
    }

    /** Seconds since 1970 as a double: arithmetic and logarithms on doubles, which are cheap on every database. */
    private static Field<Double> epoch(Field<OffsetDateTime> at) {
        return DSL.extract(at, org.jooq.DatePart.EPOCH).cast(SQLDataType.DOUBLE);
    }

    /**
     * Defect reports per product in the period (all versions together) and per version, with the units sold and
     * the rate per 1,000 units: the products with the most reports first, each followed by its versions.
     */
    private List<ServiceReport.DefectRow> defects(Condition inPeriod, ServiceFilter f) {
        var c = FEEDBACK_CASE;
        var rows = db.select(c.PRODUCT_ID, c.PRODUCT_VERSION_ID, DSL.count()).from(c)
                .where(inPeriod).and(c.KIND.eq("DEFECT")).and(c.PRODUCT_ID.isNotNull())
                .groupBy(c.PRODUCT_ID, c.PRODUCT_VERSION_ID).fetch();
        if (rows.isEmpty()) {
            return List.of();
        }
        var names = products.names(rows.map(r -> r.value1()));
        var versions = products.versionNames(rows.map(r -> r.value2()).stream()
                .filter(java.util.Objects::nonNull).toList());
        var units = products.unitsSold(f.from(), f.to());
        var perProduct = new HashMap<UUID, Long>();
        rows.forEach(r -> perProduct.merge(r.value1(), (long) r.value3(), Long::sum));
        var out = new ArrayList<ServiceReport.DefectRow>();
        perProduct.entrySet().stream()
                .sorted(Map.Entry.<UUID, Long>comparingByValue().reversed()
                        .thenComparing(e -> names.getOrDefault(e.getKey(), "")))
                .forEach(p -> {
                    var name = names.getOrDefault(p.getKey(), "");
                    out.add(defect(p.getKey(), name, null, null, p.getValue(),
                            units.get(new ProductFigures.Key(p.getKey(), null))));
                    rows.stream().filter(r -> r.value1().equals(p.getKey()) && r.value2() != null)
                            .sorted(Comparator.comparing(r -> versions.getOrDefault(r.value2(), "")))
                            .forEach(r -> out.add(defect(p.getKey(), name, r.value2(),
                                    versions.getOrDefault(r.value2(), ""), r.value3(),
                                    units.get(new ProductFigures.Key(p.getKey(), r.value2())))));
                });
        return out;
    }

    private static ServiceReport.DefectRow defect(UUID product, String name, UUID version, String label,
            long defects, Long sold) {
        return new ServiceReport.DefectRow(product, name, version, label, defects, sold,
                sold == null || sold == 0 ? null : Math.round(defects * 1_000_000.0 / sold) / 1000.0);
    }

    /**
     * The categories whose reports rose most against the period of equal length before, among those with at least
     * {@link #RISING_MIN} reports now.
     */
    private List<ServiceReport.CategoryRow> rising(ServiceFilter f, ZoneId zone) {
        var c = FEEDBACK_CASE;
        var start = f.from().atStartOfDay(zone).toOffsetDateTime();
        var before = f.previous().from().atStartOfDay(zone).toOffsetDateTime();
        var end = f.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime();
        var now = DSL.count().filterWhere(c.CREATED_AT.ge(start));
        var earlier = DSL.count().filterWhere(c.CREATED_AT.lt(start));
        var out = new ArrayList<ServiceReport.CategoryRow>();
        db.select(c.CATEGORY, now, earlier).from(c)
                .where(scope()).and(filters(f)).and(c.CATEGORY.isNotNull())
                .and(c.CREATED_AT.ge(before)).and(c.CREATED_AT.lt(end))
                .groupBy(c.CATEGORY)
                .forEach(r -> {
                    if (r.value2() >= RISING_MIN && r.value2() > r.value3()) {
                        out.add(new ServiceReport.CategoryRow(r.value1(), r.value2(), r.value3(),
                                r.value2() - r.value3(), r.value3() == 0 ? null
                                        : Math.round((r.value2() - r.value3()) * 1000.0 / r.value3()) / 10.0));
                    }
                });
        out.sort(Comparator.comparing(ServiceReport.CategoryRow::increase).reversed()
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
        Condition where = r.KIND.eq("NPS").and(r.ANSWERED_AT.ge(boundaries.getFirst()))
                .and(r.ANSWERED_AT.lt(boundaries.getLast()));
        if (!(access.scope(Area.CASES) == RecordScope.ALL && access.allows(Area.CASES, Access.Operation.READ))) {
            where = where.and(r.CUSTOMER_ID.in(DSL.select(CUSTOMER.ID).from(CUSTOMER)
                    .where(access.owned(Area.CASES, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID))));
        }
        var answers = db.select(DSL.count().filterWhere(r.SCORE.ge(9)),
                DSL.count().filterWhere(r.SCORE.between(7, 8)), DSL.count().filterWhere(r.SCORE.le(6)))
                .from(r).where(where).fetchOne();
        return Nps.score(answers.value1(), answers.value2(), answers.value3());
    }

    /** Cases not deleted whose customer the user's scope in the cases area covers. */
    private Condition scope() {
        var c = FEEDBACK_CASE;
        Condition condition = c.DELETED_AT.isNull();
        if (access.scope(Area.CASES) == RecordScope.ALL && access.allows(Area.CASES, Access.Operation.READ)) {
            return condition;
        }
        return condition.and(c.CUSTOMER_ID.in(DSL.select(CUSTOMER.ID).from(CUSTOMER)
                .where(access.owned(Area.CASES, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID))));
    }

    private static Condition filters(ServiceFilter f) {
        var c = FEEDBACK_CASE;
        Condition condition = DSL.noCondition();
        if (f.teamId() != null) {
            condition = condition.and(c.TEAM_ID.eq(f.teamId()));
        }
        if (f.kind() != null) {
            condition = condition.and(c.KIND.eq(f.kind()));
        }
        if (f.priority() != null) {
            condition = condition.and(c.PRIORITY.eq(f.priority()));
        }
        if (f.productId() != null) {
            condition = condition.and(c.PRODUCT_ID.eq(f.productId()));
        }
        return condition;
    }

    /**
     * The index of the slot {@code at} falls into among {@code boundaries[lo..hi]}: a balanced tree of comparisons,
     * so that a year of weeks costs six comparisons a row, and the same SQL on every database.
     */
    private static Field<Integer> slotOf(Field<OffsetDateTime> at, List<OffsetDateTime> boundaries, int lo,
            int hi) {
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
