/**
 * The background jobs of every module, run once per due time across all instances on one database: the scheduler
 * and the {@link dev.dossier.jobs.Recurring} mark a module puts on a job's method. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.dossier.jobs;
