package dev.dossier.products;

import dev.dossier.db.tables.records.ProductCategoryRecord;
import java.util.UUID;

/**
 * A product category; categories form a tree.
 *
 * @param id id
 * @param name name
 * @param parentId the parent category, or null at the top
 * @param sortOrder position among its siblings
 * @param status ACTIVE or RETIRED
 * @param version version
 */
record Category(UUID id, String name, UUID parentId, int sortOrder, ProductStatus status, int version) {

    static Category of(ProductCategoryRecord r) {
        return new Category(
                r.getId(),
                r.getName(),
                r.getParentId(),
                r.getSortOrder(),
                ProductStatus.valueOf(r.getStatus()),
                r.getVersion());
    }
}
