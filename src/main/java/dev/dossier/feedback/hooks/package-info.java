/**
 * Outbound webhooks (signed, retried with backoff, logged) that send feedback events to other systems, and the
 * signing secrets of the systems allowed to call Dossier's inbound webhooks.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "keys", "identity", "jobs", "db"})
package dev.dossier.feedback.hooks;
