package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;

import dev.dossier.shared.Cursor;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The product list: in name order with keyset paging, filtered by category (and its sub-categories), status, text. */
@Service
class ProductQueries {

    /**
     * What to list.
     *
     * @param categoryId only this category and the categories under it, or null
     * @param status only this status, or null for both
     * @param text part of the code or the name, or null
     */
    record Filter(UUID categoryId, ProductStatus status, String text) {

        static Filter of(UUID categoryId, String status, String text) {
            ProductStatus s = null;
            if (status != null && !status.isBlank()) {
                try {
                    s = ProductStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidValueException("products.status.invalid", "Not a product status: " + status);
                }
            }
            var t = text == null || text.isBlank() ? null : text.strip();
            return new Filter(categoryId, s, t);
        }
    }

    private final DSLContext db;
    private final ProductManagement management;

    ProductQueries(DSLContext db, ProductManagement management) {
        this.db = db;
        this.management = management;
    }

    @Transactional(readOnly = true)
    Slice<Product> list(Filter filter, String cursor, int limit) {
        Condition c = DSL.trueCondition();
        if (filter.categoryId() != null) {
            c = c.and(PRODUCT.CATEGORY_ID.in(withDescendants(filter.categoryId())));
        }
        if (filter.status() != null) {
            c = c.and(PRODUCT.STATUS.eq(filter.status().name()));
        }
        if (filter.text() != null) {
            var pattern = "%"
                    + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            c = c.and(PRODUCT.NAME.likeIgnoreCase(pattern, '\\').or(PRODUCT.CODE.likeIgnoreCase(pattern, '\\')));
        }
        if (cursor != null && !cursor.isBlank()) {
            var parts = Cursor.decode(cursor, 2);
            try {
                c = c.and(DSL.row(PRODUCT.NAME, PRODUCT.ID).gt(parts.get(0), UUID.fromString(parts.get(1))));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        int size = Math.clamp(limit, 1, 200);
        var rows = db.selectFrom(PRODUCT)
                .where(c)
                .orderBy(PRODUCT.NAME, PRODUCT.ID)
                .limit(size + 1)
                .fetch(Product::of);
        if (rows.size() <= size) {
            return new Slice<>(rows, null);
        }
        var page = List.copyOf(rows.subList(0, size));
        var last = page.getLast();
        return new Slice<>(page, Cursor.encode(List.of(last.name(), last.id().toString())));
    }

    /** The category and every category below it. */
    Set<UUID> withDescendants(UUID categoryId) {
        var all = management.categories();
        var found = new HashSet<UUID>();
        found.add(categoryId);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var c : all) {
                if (c.parentId() != null && found.contains(c.parentId()) && found.add(c.id())) {
                    grew = true;
                }
            }
        }
        return found;
    }

    /**
     * The categories in tree order (each followed by its children), with their depth for indenting.
     *
     * @param category the category
     * @param depth 0 at the top
     * @param path the names from the top, joined with " / "
     */
    record CategoryRow(Category category, int depth, String path) {}

    @Transactional(readOnly = true)
    List<CategoryRow> tree() {
        var all = management.categories();
        var rows = new ArrayList<CategoryRow>();
        var ids = new HashSet<UUID>();
        all.forEach(c -> ids.add(c.id()));
        for (var c : all) {
            if (c.parentId() == null || !ids.contains(c.parentId())) {
                add(rows, all, c, 0, c.name(), new HashSet<>());
            }
        }
        return rows;
    }

    private static void add(
            List<CategoryRow> rows, List<Category> all, Category c, int depth, String path, Set<UUID> seen) {
        if (!seen.add(c.id())) {
            return;
        }
        rows.add(new CategoryRow(c, depth, path));
        for (var child : all) {
            if (c.id().equals(child.parentId())) {
                add(rows, all, child, depth + 1, path + " / " + child.name(), seen);
            }
        }
    }
}
