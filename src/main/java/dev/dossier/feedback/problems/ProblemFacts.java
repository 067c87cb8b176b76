package dev.dossier.feedback.problems;

import org.springframework.stereotype.Component;

/** What is known around a problem: its product's name and version, and how many reports and customers it groups. */
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

    Facts of(Problem problem) {
        return new Facts(null, null, 0, 0);
    }
}
