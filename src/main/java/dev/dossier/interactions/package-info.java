/**
 * Interactions with customers (calls, visits, emails, chats, meetings): who took part, what came of it, and the
 * reports on channels, contact frequency and follow-ups; the history of an old system imported onto its customers.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "customers", "keys", "db"})
package dev.dossier.interactions;
