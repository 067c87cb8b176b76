package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;
import static dev.dossier.db.Tables.PRODUCT_VERSION;
import static dev.dossier.db.Tables.UNITS_SOLD;

import dev.dossier.db.InLists;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The product catalogue as other modules read it: names for ids, the choices of a product picker, checks of a
 * product and version a record refers to, and the units sold over a period. The catalogue is reference data every
 * signed-in user and the public feedback form may read, so these methods check no access.
 */
@Service
public class ProductCatalogue {

    private final DSLContext db;

    ProductCatalogue(DSLContext db) {
        this.db = db;
    }

    /** Product names by id, retired products too; unknown ids are left out. */
    @Transactional(readOnly = true)
    public Map<UUID, String> names(Collection<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return Map.of();
        }
        return db.select(PRODUCT.ID, PRODUCT.NAME)
                .from(PRODUCT)
                .where(InLists.in(db, PRODUCT.ID, ids))
                .fetchMap(PRODUCT.ID, PRODUCT.NAME);
    }

    /** Version labels by version id, retired versions too; unknown ids are left out. */
    @Transactional(readOnly = true)
    public Map<UUID, String> versionLabels(Collection<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return Map.of();
        }
        return db.select(PRODUCT_VERSION.ID, PRODUCT_VERSION.LABEL)
                .from(PRODUCT_VERSION)
                .where(InLists.in(db, PRODUCT_VERSION.ID, ids))
                .fetchMap(PRODUCT_VERSION.ID, PRODUCT_VERSION.LABEL);
    }

    /** Active products in name order, each with its active versions (newest release first), for pickers. */
    @Transactional(readOnly = true)
    public List<ProductOption> options() {
        var versions = new LinkedHashMap<UUID, List<ProductOption.VersionOption>>();
        db.select(PRODUCT_VERSION.PRODUCT_ID, PRODUCT_VERSION.ID, PRODUCT_VERSION.LABEL)
                .from(PRODUCT_VERSION)
                .where(PRODUCT_VERSION.STATUS.eq(ProductStatus.ACTIVE.name()))
                .orderBy(PRODUCT_VERSION.RELEASED_ON.desc().nullsLast(), PRODUCT_VERSION.LABEL.desc())
                .forEach(r -> versions.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new ProductOption.VersionOption(r.value2(), r.value3())));
        return db.select(PRODUCT.ID, PRODUCT.CODE, PRODUCT.NAME)
                .from(PRODUCT)
                .where(PRODUCT.STATUS.eq(ProductStatus.ACTIVE.name()))
                .orderBy(PRODUCT.NAME, PRODUCT.ID)
                .fetch(r -> new ProductOption(
                        r.value1(), r.value2(), r.value3(), versions.getOrDefault(r.value1(), List.of())));
    }

    /**
     * Whether the product exists and, when a version is given, the version belongs to it. Retired ones count:
     * records made before the retirement keep referring to them.
     */
    @Transactional(readOnly = true)
    public boolean exists(UUID productId, UUID versionId) {
        if (productId == null) {
            return false;
        }
        if (versionId == null) {
            return db.fetchExists(PRODUCT, PRODUCT.ID.eq(productId));
        }
        return db.fetchExists(
                PRODUCT_VERSION, PRODUCT_VERSION.ID.eq(versionId).and(PRODUCT_VERSION.PRODUCT_ID.eq(productId)));
    }

    /**
     * Units sold from the first day of {@code from} to the last day of {@code to}, summed per product and version
     * (version null for the figures entered for a product as a whole).
     */
    @Transactional(readOnly = true)
    public List<UnitsSold> unitsSold(YearMonth from, YearMonth to) {
        var total = DSL.sum(UNITS_SOLD.UNITS);
        return db.select(UNITS_SOLD.PRODUCT_ID, UNITS_SOLD.VERSION_ID, total)
                .from(UNITS_SOLD)
                .where(UNITS_SOLD.SOLD_MONTH.between(from.atDay(1), to.atDay(1)))
                .groupBy(UNITS_SOLD.PRODUCT_ID, UNITS_SOLD.VERSION_ID)
                .orderBy(UNITS_SOLD.PRODUCT_ID, UNITS_SOLD.VERSION_ID.nullsFirst())
                .fetch(r -> new UnitsSold(
                        r.value1(),
                        r.value2(),
                        r.value3() == null ? 0 : r.value3().longValue()));
    }
}
