package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;
import static dev.dossier.db.Tables.PRODUCT_VERSION;
import static dev.dossier.db.Tables.UNITS_SOLD;

import dev.dossier.db.Stamps;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Upserts;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Units sold per product, version and month: read for the product page and the grid, typed into the grid, set one
 * at a time through the API, or imported from a file. One figure per product, version (or none) and month; writing
 * the figure it already has changes nothing, which makes importing the same file again a no-op.
 */
@Service
class UnitsLedger {

    /** The nil UUID stands for "no version" in the unique key. */
    static final UUID NO_VERSION = new UUID(0, 0);

    static final int MAX_UNITS = 1_000_000_000;

    /**
     * One figure.
     *
     * @param productId the product
     * @param versionId the version, or null for the product as a whole
     * @param month the month
     * @param units units sold, 0 or more
     * @param source MANUAL or IMPORT
     */
    record Figure(UUID productId, UUID versionId, YearMonth month, int units, UnitsSource source) {

        String key() {
            return key(productId, versionId, month);
        }

        static String key(UUID productId, UUID versionId, YearMonth month) {
            return productId + ":" + (versionId == null ? "-" : versionId.toString()) + ":" + month;
        }
    }

    /** What writing a figure did. */
    enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED,
        REMOVED
    }

    private final DSLContext db;
    private final Access access;
    private final Clock clock;

    UnitsLedger(DSLContext db, Access access, Clock clock) {
        this.db = db;
        this.access = access;
        this.clock = clock;
    }

    /** The figures of a period, of one product or (productId null) of all, in product and month order. */
    @Transactional(readOnly = true)
    List<Figure> figures(UUID productId, YearMonth from, YearMonth to) {
        Condition c = UNITS_SOLD.SOLD_MONTH.between(from.atDay(1), to.atDay(1));
        if (productId != null) {
            c = c.and(UNITS_SOLD.PRODUCT_ID.eq(productId));
        }
        return db.selectFrom(UNITS_SOLD)
                .where(c)
                .orderBy(UNITS_SOLD.PRODUCT_ID, UNITS_SOLD.SOLD_MONTH, UNITS_SOLD.VERSION_ID.nullsFirst())
                .fetch(r -> new Figure(
                        r.getProductId(),
                        r.getVersionId(),
                        YearMonth.from(r.getSoldMonth()),
                        r.getUnits(),
                        UnitsSource.valueOf(r.getSource())));
    }

    /** The figures of a period by {@link Figure#key()}. */
    Map<String, Figure> byKey(UUID productId, YearMonth from, YearMonth to) {
        var map = new LinkedHashMap<String, Figure>();
        figures(productId, from, to).forEach(f -> map.put(f.key(), f));
        return map;
    }

    /** Sets one figure (the API); null units remove it. */
    @Transactional
    Outcome put(UUID productId, UUID versionId, YearMonth month, Integer units, UnitsSource source) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var problems = new ArrayList<FieldProblem>();
        check(problems, "", productId, versionId, month, units);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return write(productId, versionId, month, units, source);
    }

    /**
     * Writes the cells of the grid that the user changed: {@code cells} maps a figure key to the text typed,
     * {@code shown} to the text the grid showed. A cell emptied removes its figure. Nothing is written when any
     * cell is not a number of units.
     *
     * @return how many figures changed
     */
    @Transactional
    int saveGrid(Map<String, String> cells, Map<String, String> shown) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var problems = new ArrayList<FieldProblem>();
        var changes = new ArrayList<Runnable>();
        var products = new HashMap<UUID, Boolean>();
        for (var cell : cells.entrySet()) {
            var typed = cell.getValue() == null ? "" : cell.getValue().strip();
            var before =
                    Objects.requireNonNullElse(shown.get(cell.getKey()), "").strip();
            if (typed.equals(before)) {
                continue;
            }
            var parts = cell.getKey().split(":");
            UUID productId;
            UUID versionId;
            YearMonth month;
            try {
                productId = UUID.fromString(parts[0]);
                versionId = parts[1].equals("-") ? null : UUID.fromString(parts[1]);
                month = YearMonth.parse(parts[2]);
            } catch (RuntimeException e) {
                continue;
            }
            Integer units = null;
            if (!typed.isEmpty()) {
                units = units(typed);
                if (units == null) {
                    problems.add(new FieldProblem(cell.getKey(), "products.units.invalid", typed));
                    continue;
                }
            }
            if (products.computeIfAbsent(productId, id -> db.fetchExists(PRODUCT, PRODUCT.ID.eq(id)))) {
                var u = units;
                changes.add(() -> write(productId, versionId, month, u, UnitsSource.MANUAL));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        changes.forEach(Runnable::run);
        return changes.size();
    }

    /** A whole number of units from 0 to {@link #MAX_UNITS}, or null. */
    static Integer units(String text) {
        try {
            var n = Long.parseLong(text.strip().replace(",", "").replace("_", ""));
            return n < 0 || n > MAX_UNITS ? null : (int) n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void check(
            List<FieldProblem> problems,
            String prefix,
            UUID productId,
            UUID versionId,
            YearMonth month,
            Integer units) {
        if (productId == null || !db.fetchExists(PRODUCT, PRODUCT.ID.eq(productId))) {
            problems.add(new FieldProblem(prefix + "productId", "products.units.unknown-product"));
        } else if (versionId != null
                && !db.fetchExists(
                        PRODUCT_VERSION,
                        PRODUCT_VERSION.ID.eq(versionId).and(PRODUCT_VERSION.PRODUCT_ID.eq(productId)))) {
            problems.add(new FieldProblem(prefix + "versionId", "products.units.unknown-version"));
        }
        if (month == null) {
            problems.add(new FieldProblem(prefix + "month", "products.field.required"));
        }
        if (units != null && (units < 0 || units > MAX_UNITS)) {
            problems.add(new FieldProblem(prefix + "units", "products.units.invalid", units));
        }
    }

    /** Writes one figure known to be valid. */
    Outcome write(UUID productId, UUID versionId, YearMonth month, Integer units, UnitsSource source) {
        var versionKey = versionId == null ? NO_VERSION : versionId;
        var key = UNITS_SOLD
                .PRODUCT_ID
                .eq(productId)
                .and(UNITS_SOLD.VERSION_KEY.eq(versionKey))
                .and(UNITS_SOLD.SOLD_MONTH.eq(month.atDay(1)));
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        if (units == null) {
            return db.deleteFrom(UNITS_SOLD).where(key).execute() > 0 ? Outcome.REMOVED : Outcome.UNCHANGED;
        }
        var current = db.select(UNITS_SOLD.UNITS)
                .from(UNITS_SOLD)
                .where(key)
                .forUpdate()
                .fetchOptional(UNITS_SOLD.UNITS);
        if (current.isPresent()) {
            if (current.get().equals(units)) {
                return Outcome.UNCHANGED;
            }
            db.update(UNITS_SOLD)
                    .set(UNITS_SOLD.UNITS, units)
                    .set(UNITS_SOLD.SOURCE, source.name())
                    .set(Stamps.changed(UNITS_SOLD, by, now))
                    .where(key)
                    .execute();
            return Outcome.UPDATED;
        }
        int inserted = Upserts.ifAbsent(() -> db.insertInto(UNITS_SOLD)
                .set(UNITS_SOLD.ID, UUID.randomUUID())
                .set(UNITS_SOLD.PRODUCT_ID, productId)
                .set(UNITS_SOLD.VERSION_ID, versionId)
                .set(UNITS_SOLD.VERSION_KEY, versionKey)
                .set(UNITS_SOLD.SOLD_MONTH, month.atDay(1))
                .set(UNITS_SOLD.UNITS, units)
                .set(UNITS_SOLD.SOURCE, source.name())
                .set(Stamps.created(UNITS_SOLD, by, now))
                .onConflictDoNothing()
                .execute());
        if (inserted == 0) {
            // Someone else wrote the same figure a moment ago: ours is the later word.
            db.update(UNITS_SOLD)
                    .set(UNITS_SOLD.UNITS, units)
                    .set(UNITS_SOLD.SOURCE, source.name())
                    .set(Stamps.changed(UNITS_SOLD, by, now))
                    .where(key)
                    .execute();
            return Outcome.UPDATED;
        }
        return Outcome.CREATED;
    }

    /** Months from {@code from} to {@code to}, both included. */
    static List<YearMonth> months(YearMonth from, YearMonth to) {
        var months = new ArrayList<YearMonth>();
        for (var m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** Units summed per month of a product, all versions together. */
    @Transactional(readOnly = true)
    Map<YearMonth, Long> monthlyTotals(UUID productId, YearMonth from, YearMonth to) {
        var total = DSL.sum(UNITS_SOLD.UNITS);
        var map = new LinkedHashMap<YearMonth, Long>();
        db.select(UNITS_SOLD.SOLD_MONTH, total)
                .from(UNITS_SOLD)
                .where(UNITS_SOLD.PRODUCT_ID.eq(productId))
                .and(UNITS_SOLD.SOLD_MONTH.between(from.atDay(1), to.atDay(1)))
                .groupBy(UNITS_SOLD.SOLD_MONTH)
                .forEach(r -> map.put(YearMonth.from(r.value1()), r.value2().longValue()));
        return map;
    }
}
