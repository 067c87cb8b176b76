/** The product catalogue: products with their versions and categories, and the units sold per period. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "db"})
package dev.dossier.products;
