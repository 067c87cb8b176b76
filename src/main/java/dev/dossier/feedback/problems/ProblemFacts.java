package dev.dossier.feedback.problems;

import dev.dossier.products.ProductCatalogue;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What is known around a problem: its product's name and version label from the catalogue, and how many reports and
 * customers it groups, counted over all of them whoever asks.
 */
@Component
class ProblemFacts {

    /**
     * The facts of one problem.
     *
     * @param productName the product's name, or null
     * @param versionName the version's label, or null
     * @param affectedCustomers how many customers reported it
     * @param affectedCases how many cases are grouped into it
     */
    record Facts(String productName, String versionName, int affectedCustomers, int affectedCases) {}

    private final ProblemCases cases;
    private final ProductCatalogue catalogue;

    ProblemFacts(ProblemCases cases, ProductCatalogue catalogue) {
        this.cases = cases;
        this.catalogue = catalogue;
    }

    Facts of(Problem problem) {
        var counts = cases.counts(problem.id());
        var product = problem.productId() == null
                ? null
                : catalogue.names(List.of(problem.productId())).get(problem.productId());
        var version = problem.productVersionId() == null
                ? null
                : catalogue.versionLabels(List.of(problem.productVersionId())).get(problem.productVersionId());
        return new Facts(product, version, counts.customers(), counts.cases());
    }
}
