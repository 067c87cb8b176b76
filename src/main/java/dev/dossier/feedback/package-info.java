/**
 * Feedback, complaints and defect reports as tracked cases: intake, workflow and queues, SLAs and escalation,
 * problems handed to the product team, satisfaction surveys and service measures.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "keys", "identity", "customers", "products", "jobs", "db"})
package dev.dossier.feedback;
