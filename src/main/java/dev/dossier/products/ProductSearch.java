package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;
import static dev.dossier.db.Tables.PRODUCT_CATEGORY;

import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.search.SearchDocument;
import dev.dossier.shared.search.SearchSource;
import dev.dossier.shared.search.SearchView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Products in the one search: the name as title, the description as text, the code as a keyword; the category is
 * shown beside it. Shown to whoever may read the catalogue, retired products too.
 */
@Component
class ProductSearch implements SearchSource {

    private final DSLContext db;
    private final Access access;

    ProductSearch(DSLContext db, Access access) {
        this.db = db;
        this.access = access;
    }

    @Override
    public String kind() {
        return "product";
    }

    @Override
    @Transactional(readOnly = true)
    public List<SearchDocument> documents(Collection<UUID> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return db.select(PRODUCT.ID, PRODUCT.CODE, PRODUCT.NAME, PRODUCT.DESCRIPTION, PRODUCT.UPDATED_AT)
                .from(PRODUCT)
                .where(InLists.in(db, PRODUCT.ID, keys))
                .and(PRODUCT.DELETED_AT.isNull())
                .fetch(r -> new SearchDocument(
                        r.value1(), r.value1(), null, r.value3(), r.value4(), r.value2(), r.value5(), null));
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> keys(UUID after, int limit) {
        return dev.dossier.db.KeyPages.next(db, PRODUCT.ID, PRODUCT.DELETED_AT.isNull(), after, limit);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, SearchView> visible(Collection<UUID> ids) {
        if (ids.isEmpty() || !access.allows(Area.PRODUCTS, Operation.READ)) {
            return Map.of();
        }
        var views = new HashMap<UUID, SearchView>();
        db.select(
                        PRODUCT.ID,
                        PRODUCT.CODE,
                        PRODUCT.NAME,
                        PRODUCT.DESCRIPTION,
                        PRODUCT.UPDATED_AT,
                        PRODUCT_CATEGORY.NAME)
                .from(PRODUCT)
                .leftJoin(PRODUCT_CATEGORY)
                .on(PRODUCT_CATEGORY.ID.eq(PRODUCT.CATEGORY_ID))
                .where(InLists.in(db, PRODUCT.ID, ids))
                .and(PRODUCT.DELETED_AT.isNull())
                .forEach(r -> views.put(
                        r.value1(),
                        new SearchView(
                                r.value1(),
                                r.value3(),
                                r.value4(),
                                r.value2(),
                                r.value6() == null ? r.value2() : r.value2() + " · " + r.value6(),
                                "/products/" + r.value1(),
                                r.value5())));
        return views;
    }
}
