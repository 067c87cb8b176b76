/** Users, teams and roles, sign-in, API tokens, and the one place where access is decided. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "keys", "db"})
package dev.dossier.identity;
