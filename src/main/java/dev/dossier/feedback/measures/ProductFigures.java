package dev.dossier.feedback.measures;

import dev.dossier.products.ProductCatalogue;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What the measures need from the product catalogue: names, the products to filter by and units sold. */
@Component
class ProductFigures {

    /**
     * A product and version, or a product as a whole (version null).
     *
     * @param productId product
     * @param versionId version, or null for the product as a whole
     */
    record Key(UUID productId, UUID versionId) {}

    /**
     * A product for the filter.
     *
     * @param id id
     * @param name name
     */
    record Product(UUID id, String name) {}

    private final ProductCatalogue catalogue;

    ProductFigures(ProductCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The active products for the filter, by name. */
    List<Product> all() {
        return catalogue.options().stream()
                .map(o -> new Product(o.id(), o.name()))
                .toList();
    }

    Map<UUID, String> names(Collection<UUID> productIds) {
        return catalogue.names(productIds);
    }

    Map<UUID, String> versionNames(Collection<UUID> versionIds) {
        return catalogue.versionLabels(versionIds);
    }

    /**
     * Units sold in the months the days touch: per version as entered for it, and per product as a whole (version
     * null) the sum of everything entered for the product, whether for the product or for its versions.
     */
    Map<Key, Long> unitsSold(LocalDate from, LocalDate to) {
        var out = new HashMap<Key, Long>();
        for (var u : catalogue.unitsSold(YearMonth.from(from), YearMonth.from(to))) {
            if (u.versionId() != null) {
                out.merge(new Key(u.productId(), u.versionId()), u.units(), Long::sum);
            }
            out.merge(new Key(u.productId(), null), u.units(), Long::sum);
        }
        return out;
    }
}
