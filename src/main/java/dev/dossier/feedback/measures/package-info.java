/**
 * The service measures: complaint and defect rates, response and resolution times, SLA compliance, reopen rate,
 * satisfaction and the fastest rising categories, as a report page, CSV downloads and {@code /api/v1/reports/service}.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "customers", "products", "jobs", "db"})
package dev.dossier.feedback.measures;
