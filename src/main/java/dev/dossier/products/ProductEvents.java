package dev.dossier.products;

import java.util.UUID;

/** What happens in the product catalogue that other modules may follow. */
public final class ProductEvents {

    private ProductEvents() {}

    /**
     * A product was added, changed, retired or brought back.
     *
     * @param productId the product
     * @param byUserId who, or null for the system
     */
    public record ProductChanged(UUID productId, UUID byUserId) {}
}
