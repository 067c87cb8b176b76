package dev.dossier.products;

/** Where a units-sold figure came from: typed into the grid or imported from a file. */
enum UnitsSource {
    MANUAL,
    IMPORT
}
