package dev.dossier.customers;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A person at a company customer.
 *
 * @param id contact id
 * @param customerId the company
 * @param details what is known of them
 * @param version optimistic-locking version
 * @param createdAt created
 * @param updatedAt last changed
 */
record Contact(
        UUID id,
        UUID customerId,
        ContactDetails details,
        int version,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
