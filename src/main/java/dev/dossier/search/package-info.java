/**
 * One search for everything: a full-text index of notes, interactions, cases, problems, contacts and products kept by
 * each running instance on its own disk, fed by the other modules' events through a shared feed, rebuilt from the
 * data on demand; and the search in the top bar and over the API, which joins it with the customers' own quick search
 * and shows only what the reader may see.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {
            "shared",
            "identity",
            "customers",
            "interactions",
            "notes",
            "feedback",
            "products",
            "privacy",
            "jobs",
            "db"
        })
package dev.dossier.search;
