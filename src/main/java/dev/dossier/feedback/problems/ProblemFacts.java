package dev.dossier.feedback.problems;

import dev.dossier.feedback.cases.ProductChoices;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What is known around a problem: its product's name and version (when the product catalogue is installed), and how
 * many reports and customers it groups, counted over all of them whoever asks.
 */
@Component
class ProblemFacts {

    /**
     * The facts of one problem.
     *
     * @param productName the product's name, or null
     * @param versionName the version's name, or null
     * @param affectedCustomers how many customers reported it
     * @param affectedCases how many cases are grouped into it
     */
    record Facts(String productName, String versionName, int affectedCustomers, int affectedCases) {
    }

    private final ProblemCases cases;
    private final ObjectProvider<ProductChoices> products;

    ProblemFacts(ProblemCases cases, ObjectProvider<ProductChoices> products) {
        this.cases = cases;
        this.products = products;
    }

    Facts of(Problem problem) {
        var counts = cases.counts(problem.id());
        String product = null;
        String version = null;
        var catalogue = products.getIfAvailable();
        if (catalogue != null && problem.productId() != null) {
            product = catalogue.name(problem.productId()).orElse(null);
            if (problem.productVersionId() != null) {
                version = catalogue.versions(problem.productId()).stream()
                        .filter(v -> v.id().equals(problem.productVersionId())).map(ProductChoices.Choice::name)
                        .findFirst().orElse(null);
            }
        }
        return new Facts(product, version, counts.customers(), counts.cases());
    }
}
