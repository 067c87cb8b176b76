/** Problems: known defects that group many customer reports, handed off to the product team and tracked to a fix. */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {
            "feedback",
            "feedback.cases",
            "feedback.hooks",
            "shared",
            "identity",
            "customers",
            "products",
            "db"
        })
package dev.dossier.feedback.problems;
