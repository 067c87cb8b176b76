package dev.dossier.customers;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Table;

/**
 * Customers as SQL, for a statement of another module that goes over many customers at once (an
 * {@code INSERT … SELECT}, a roll-up's rebuild): a derived table to select from or join, and its columns. The
 * statement stays one, however many customers there are, and names none of the customers module's tables.
 *
 * @param table the customers, to put in a {@code FROM} or a join
 * @param id the customer's id
 * @param ownerId the customer's owner, or null
 * @param teamId the customer's team, or null
 * @param registeredAt when the customer was registered
 */
public record CustomerRows(
        Table<?> table, Field<UUID> id, Field<UUID> ownerId, Field<UUID> teamId, Field<OffsetDateTime> registeredAt) {}
