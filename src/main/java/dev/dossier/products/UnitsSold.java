package dev.dossier.products;

import java.util.UUID;

/**
 * Units of a product (and version) sold over a period.
 *
 * @param productId the product
 * @param versionId the version, or null for figures entered for the product as a whole
 * @param units units summed over the period
 */
public record UnitsSold(UUID productId, UUID versionId, long units) {}
