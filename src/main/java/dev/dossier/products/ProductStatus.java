package dev.dossier.products;

/** Whether a product, version or category is offered: retired ones stay for history but leave the pickers. */
enum ProductStatus {
    ACTIVE,
    RETIRED
}
