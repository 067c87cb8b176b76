/** Surveys of the sample. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "feedback.cases")
package dev.dossier.modulesample.feedback.surveys;
