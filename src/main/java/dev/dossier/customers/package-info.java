/** Customer dossiers: individuals and companies, their contacts, classification, grade, lifecycle and history. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "keys", "identity", "db"})
package dev.dossier.customers;
