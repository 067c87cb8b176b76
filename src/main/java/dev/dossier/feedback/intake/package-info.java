/** The public feedback form: no sign-in, spam-resistant, matches or registers the customer and opens a case. */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"feedback", "feedback.cases", "shared", "keys", "identity", "customers", "products", "db"
        })
package dev.dossier.feedback.intake;
