/** Service levels: policies, work calendars and business hours, deadlines bound to cases, warnings and escalation. */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"feedback", "feedback.cases", "shared", "identity", "customers", "jobs", "db"})
package dev.dossier.feedback.sla;
