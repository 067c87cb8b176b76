/**
 * Interactions with customers (calls, visits, emails, chats, meetings): who took part, what came of it, and the
 * reports on channels, contact frequency and follow-ups.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "customers", "db"})
package dev.dossier.interactions;
