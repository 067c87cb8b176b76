/** Backup and restore: a portable, verifiable archive of all data that moves Dossier between databases. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "db"})
package dev.dossier.exchange;
