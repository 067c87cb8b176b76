/** What users are told: the bell with unread notices, and their delivery by email over SMTP. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "keys", "identity", "jobs", "db"})
package dev.dossier.notifications;
