/** Feedback cases: intake by staff, the workflow with its history, assignment, the conversation, queues and pages. */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"feedback", "shared", "keys", "identity", "customers", "products", "db"})
package dev.dossier.feedback.cases;
