/** Tasks, follow-ups and verifications about customers or about nothing: reminders, recurrence and programmes. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "customers", "jobs", "db"})
package dev.dossier.tasks;
