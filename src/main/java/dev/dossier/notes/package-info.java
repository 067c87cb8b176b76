/** Notes written to templates, standard terms, comments and @mentions on any subject, and the note-quality review. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "customers", "db"})
package dev.dossier.notes;
