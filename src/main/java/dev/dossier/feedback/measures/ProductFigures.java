package dev.dossier.feedback.measures;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What the measures need from the product catalogue: names and units sold. */
@Component
class ProductFigures {

    /** Units are entered per product, optionally per version. */
    record Key(UUID productId, UUID versionId) {
    }

    /**
     * A product for the filter.
     *
     * @param id id
     * @param name name
     */
    record Product(UUID id, String name) {
    }

    /** Every product for the filter, by name. */
    java.util.List<Product> all() {
        return java.util.List.of();
    }

    Map<UUID, String> names(Collection<UUID> productIds) {
        return Map.of();
    }

    Map<UUID, String> versionNames(Collection<UUID> versionIds) {
        return Map.of();
    }

    /** Units sold between the days (inclusive) per product and version; a product's total under a null version. */
    Map<Key, Long> unitsSold(Collection<UUID> productIds, LocalDate from, LocalDate to) {
        return Map.of();
    }
}
