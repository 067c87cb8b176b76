package dev.dossier.shared;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Possible duplicates of a customer as it is being entered: the data-quality module answers, the customer module
 * asks before it registers one (the form as the user types, the API before it answers 201). Phones, email addresses
 * and identity documents travel only as their blind indexes (keyed hashes), never as values.
 */
public interface DuplicateCheck {

    /**
     * What a customer is matched by.
     *
     * @param id the customer's id, or null for one not yet registered
     * @param company whether it is an organisation (else a person)
     * @param phoneKeys blind indexes of its own phone numbers
     * @param emailKeys blind indexes of its own email addresses
     * @param idDocumentKey blind index of its identity document number, or null
     */
    record Profile(
            UUID id,
            boolean company,
            String name,
            String legalName,
            LocalDate birthDate,
            String province,
            String city,
            Set<String> phoneKeys,
            Set<String> emailKeys,
            String idDocumentKey,
            UUID ownerId,
            UUID teamId) {

        public Profile {
            phoneKeys = phoneKeys == null ? Set.of() : Set.copyOf(phoneKeys);
            emailKeys = emailKeys == null ? Set.of() : Set.copyOf(emailKeys);
        }
    }

    /**
     * A customer that may be the same as the one asked about.
     *
     * @param score from 0 to 1: how sure the match is
     * @param reasons why, as codes ({@code PHONE}, {@code EMAIL}, {@code COMPANY_NAME}, …), strongest first
     */
    record Candidate(UUID customerId, double score, List<String> reasons) {}

    /** Customers (not in the trash) at or above the matching threshold, best first; the caller checks reach. */
    List<Candidate> candidates(Profile profile, int limit);
}
