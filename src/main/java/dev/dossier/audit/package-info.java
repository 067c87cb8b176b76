/**
 * The audit trail: an append-only, hash-chained record of sign-ins, accesses to sensitive information, exports,
 * permission changes and data changes, searched by auditors and verified for tampering.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {
            "shared",
            "keys",
            "identity",
            "customers",
            "privacy",
            "interactions",
            "notes",
            "tasks",
            "feedback",
            "jobs",
            "db"
        })
package dev.dossier.audit;
