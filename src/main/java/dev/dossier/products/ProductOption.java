package dev.dossier.products;

import java.util.List;
import java.util.UUID;

/**
 * An active product with its active versions, as pickers offer it.
 *
 * @param id product id
 * @param code product code
 * @param name product name
 * @param versions its active versions, newest release first
 */
public record ProductOption(UUID id, String code, String name, List<VersionOption> versions) {

    public ProductOption {
        versions = List.copyOf(versions);
    }

    /**
     * An active version of a product.
     *
     * @param id version id
     * @param label version label
     */
    public record VersionOption(UUID id, String label) {}
}
