/** How modules put their records on a customer's timeline without knowing each other. */
package dev.dossier.shared.timeline;
