/** Backup and restore: a portable, verifiable archive of all data that moves Dossier between databases. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "jobs", "db"})
package dev.dossier.exchange;
