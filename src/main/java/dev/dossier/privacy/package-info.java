/** Consents, data-subject requests (access, correction, erasure, objection) and retention of customers' data. */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "keys", "identity", "customers", "jobs", "db"})
package dev.dossier.privacy;
