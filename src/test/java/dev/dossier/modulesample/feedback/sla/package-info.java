/** Service levels of the sample: they may use cases only. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "feedback.cases")
package dev.dossier.modulesample.feedback.sla;
