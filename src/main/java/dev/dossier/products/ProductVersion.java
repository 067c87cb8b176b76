package dev.dossier.products;

import dev.dossier.db.tables.records.ProductVersionRecord;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A version of a product.
 *
 * @param id id
 * @param productId the product
 * @param label label, unique per product (e.g. {@code 2.1})
 * @param releasedOn release day, or null
 * @param status ACTIVE or RETIRED
 * @param version version (of the record)
 */
record ProductVersion(UUID id, UUID productId, String label, LocalDate releasedOn, ProductStatus status, int version) {

    static ProductVersion of(ProductVersionRecord r) {
        return new ProductVersion(
                r.getId(),
                r.getProductId(),
                r.getLabel(),
                r.getReleasedOn(),
                ProductStatus.valueOf(r.getStatus()),
                r.getVersion());
    }
}
