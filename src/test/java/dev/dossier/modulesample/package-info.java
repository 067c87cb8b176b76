/** A small application laid out like feedback, with an SLA part that uses surveys although it may not. */
package dev.dossier.modulesample;
