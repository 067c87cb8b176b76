/** Feedback of the sample: parts that are modules of their own. */
@org.springframework.modulith.ApplicationModule
package dev.dossier.modulesample.feedback;
