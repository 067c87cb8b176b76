/** Satisfaction surveys: a one-time CSAT link after a case is resolved, NPS surveys to a segment, and their results. */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"feedback", "feedback.cases", "shared", "identity", "customers", "db"})
package dev.dossier.feedback.surveys;
