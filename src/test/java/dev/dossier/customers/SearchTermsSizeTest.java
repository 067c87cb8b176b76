package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The quick-search index stays small: the terms of the benchmark's realistic customers, counted by what they come
 * from, with secret terms as long as the stored keyed hashes. Every term is a row in the database and an entry in
 * each of its indexes, so a change that writes many more terms a customer fails here before it fills the disk.
 */
class SearchTermsSizeTest {

    private static final int CUSTOMERS = 2_000;

    /** A stand-in for the keyed hashes, as long as the stored chains. */
    private static final SearchTerms.Secret SECRET = levels -> {
        if (levels.isEmpty()) {
            return null;
        }
        var chain = new StringBuilder("#");
        for (int i = 0; i < levels.size(); i++) {
            chain.append(hash(levels.get(i)), 0, i == 0 ? 5 : 3);
        }
        return chain.toString();
    };

    private static String hash(String value) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Terms and their bytes (UTF-8) by what they come from. */
    private static final class Tally {
        final Map<String, long[]> kinds = new LinkedHashMap<>();

        void add(String kind, String term) {
            var counts = kinds.computeIfAbsent(kind, k -> new long[2]);
            counts[0]++;
            counts[1] += term.getBytes(StandardCharsets.UTF_8).length;
        }

        long terms() {
            return kinds.values().stream().mapToLong(c -> c[0]).sum();
        }

        long bytes() {
            return kinds.values().stream().mapToLong(c -> c[1]).sum();
        }
    }

    private static boolean han(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    @Test
    void aBenchmarkCustomerHasFewShortTerms() {
        var customers = BenchData.generate(CUSTOMERS, 20250630L, List.of(UUID.randomUUID()), BenchData.referenceTime());
        var byKind = new Tally();
        var all = new Tally();
        int most = 0;
        for (var customer : customers) {
            var details = customer.details();
            var names = new SearchTerms.Terms(SECRET);
            SearchTerms.addName(names, details.name(), details.type() == CustomerType.INDIVIDUAL);
            SearchTerms.addName(names, details.legalName(), false);
            long hanCount =
                    details.name().codePoints().filter(SearchTermsSizeTest::han).count();
            for (var term : names.ranks().keySet()) {
                if (term.codePoints().anyMatch(SearchTermsSizeTest::han)) {
                    byKind.add("name: Han", term);
                } else if (hanCount == 0) {
                    byKind.add("name: words", term);
                } else if (term.length() <= hanCount) {
                    byKind.add("name: pinyin initials", term);
                } else {
                    byKind.add("name: pinyin", term);
                }
            }
            var phones = new SearchTerms.Terms(SECRET);
            details.contactPoints().phones().forEach(p -> SearchTerms.addPhone(phones, p.number()));
            phones.ranks().keySet().forEach(t -> byKind.add("phone (secret)", t));
            var emails = new SearchTerms.Terms(SECRET);
            details.contactPoints()
                    .emails()
                    .forEach(e -> SearchTerms.addEmail(emails, e.address().value()));
            emails.ranks().keySet().forEach(t -> byKind.add(t.startsWith("#") ? "email (secret)" : "email domain", t));

            var terms = new SearchTerms.Terms(SECRET);
            CustomerRepository.addCustomerTerms(terms, details);
            terms.ranks().keySet().forEach(t -> all.add("all", t));
            most = Math.max(most, terms.ranks().size());
        }
        System.out.printf("Search terms of %,d benchmark customers, a customer:%n", CUSTOMERS);
        byKind.kinds.forEach((kind, c) -> System.out.printf(
                "  %-22s %6.1f terms, %5.1f bytes a term%n",
                kind, c[0] / (double) CUSTOMERS, c[1] / (double) Math.max(1, c[0])));
        System.out.printf(
                "  %-22s %6.1f terms, %5.1f bytes a term, %,.0f term bytes; most %d%n",
                "all (merged)",
                all.terms() / (double) CUSTOMERS,
                all.bytes() / (double) all.terms(),
                all.bytes() / (double) CUSTOMERS,
                most);

        assertThat(all.terms() / (double) CUSTOMERS)
                .as("terms a customer (each a row and an entry in each index)")
                .isLessThan(20);
    }
}
