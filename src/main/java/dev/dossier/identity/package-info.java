/** Users, teams and roles, sign-in, API tokens, and the one place where access is decided. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "keys", "jobs", "db"})
package dev.dossier.identity;
