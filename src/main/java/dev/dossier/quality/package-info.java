/**
 * Customer data people can trust: duplicates found (as a customer is entered, and by scans of all the data) and
 * reviewed, and the quality of records audited.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "customers", "jobs", "db"})
package dev.dossier.quality;
