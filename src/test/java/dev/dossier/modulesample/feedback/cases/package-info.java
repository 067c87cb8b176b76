/** Cases of the sample. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.dossier.modulesample.feedback.cases;
