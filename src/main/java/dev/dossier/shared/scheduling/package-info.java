/** The background jobs of every module, run once per due time across all instances on one database. */
package dev.dossier.shared.scheduling;
