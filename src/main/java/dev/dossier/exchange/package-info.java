/**
 * Bringing data in and taking it out: imports of customers and of their interactions from CSV and XLSX files (mapped, previewed, run in the
 * background, resumable), and backup and restore, a portable, verifiable archive of all data that moves Dossier
 * between databases.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "customers", "interactions", "keys", "jobs", "db"})
package dev.dossier.exchange;
