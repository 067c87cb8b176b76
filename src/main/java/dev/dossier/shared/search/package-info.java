/** How modules put their records into the one search without knowing the search module. */
package dev.dossier.shared.search;
