package dev.dossier.products;

import dev.dossier.db.tables.records.ProductRecord;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A product as stored.
 *
 * @param id id
 * @param code unique code, upper case
 * @param name name
 * @param categoryId its category, or null
 * @param description plain text, or null
 * @param status ACTIVE or RETIRED
 * @param createdAt when created
 * @param updatedAt when last changed
 * @param version version
 */
record Product(
        UUID id,
        String code,
        String name,
        UUID categoryId,
        String description,
        ProductStatus status,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        int version) {

    static Product of(ProductRecord r) {
        return new Product(
                r.getId(),
                r.getCode(),
                r.getName(),
                r.getCategoryId(),
                r.getDescription(),
                ProductStatus.valueOf(r.getStatus()),
                r.getCreatedAt(),
                r.getUpdatedAt(),
                r.getVersion());
    }
}
