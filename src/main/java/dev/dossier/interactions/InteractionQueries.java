package dev.dossier.interactions;

import static dev.dossier.db.Tables.INTERACTION;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lists of interactions the current user reaches, newest first, a keyset page at a time. */
@Service
class InteractionQueries {

    /**
     * What a list shows.
     *
     * @param customerId only this customer's, or null
     * @param channel only this channel, or null
     * @param outcome only this outcome, or null
     * @param ownerId only this owner's, or null
     * @param from first day, in the organisation's time zone, or null
     * @param to last day, inclusive, or null
     */
    record Filter(
            UUID customerId,
            Channel channel,
            Outcome outcome,
            UUID ownerId,

            @io.swagger.v3.oas.annotations.Parameter(description = "First day, in the organisation's time zone")
            @org.springframework.format.annotation.DateTimeFormat(
                    iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE)
            LocalDate from,

            @io.swagger.v3.oas.annotations.Parameter(description = "Last day, inclusive")
            @org.springframework.format.annotation.DateTimeFormat(
                    iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE)
            LocalDate to) {

        static Filter none() {
            return new Filter(null, null, null, null, null, null);
        }

        /** The same filter over every customer (the list page has no customer filter). */
        Filter withoutCustomer() {
            return new Filter(null, channel, outcome, ownerId, from, to);
        }
    }

    private final DSLContext db;
    private final InteractionRepository repository;
    private final CustomerDirectory customers;
    private final Access access;

    InteractionQueries(DSLContext db, InteractionRepository repository, CustomerDirectory customers, Access access) {
        this.db = db;
        this.repository = repository;
        this.customers = customers;
        this.access = access;
    }

    /** One page of the interactions of reachable customers that match, newest first. */
    @Transactional(readOnly = true)
    Slice<Interaction> list(Filter filter, ZoneId zone, String cursor, int limit) {
        if (!access.allows(Area.INTERACTIONS, Operation.READ)) {
            return new Slice<>(List.of(), null);
        }
        int size = Math.max(1, Math.min(limit, 200));
        Condition condition = INTERACTION.DELETED_AT.isNull().and(customers.reachable(INTERACTION.CUSTOMER_ID));
        if (filter.customerId() != null) {
            condition = condition.and(INTERACTION.CUSTOMER_ID.eq(filter.customerId()));
        }
        if (filter.channel() != null) {
            condition = condition.and(INTERACTION.CHANNEL.eq(filter.channel().name()));
        }
        if (filter.outcome() != null) {
            condition = condition.and(INTERACTION.OUTCOME.eq(filter.outcome().name()));
        }
        if (filter.ownerId() != null) {
            condition = condition.and(INTERACTION.OWNER_ID.eq(filter.ownerId()));
        }
        if (filter.from() != null) {
            condition = condition.and(
                    INTERACTION.STARTED_AT.ge(filter.from().atStartOfDay(zone).toOffsetDateTime()));
        }
        if (filter.to() != null) {
            condition = condition.and(INTERACTION.STARTED_AT.lt(
                    filter.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime()));
        }
        if (cursor != null && !cursor.isBlank()) {
            var parts = Cursor.decode(cursor, 2);
            try {
                condition = condition.and(DSL.row(INTERACTION.STARTED_AT, INTERACTION.ID)
                        .lt(Cursor.time(parts.get(0)), UUID.fromString(parts.get(1))));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        var ids = db.select(INTERACTION.ID, INTERACTION.STARTED_AT)
                .from(INTERACTION)
                .where(condition)
                .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                .limit(size + 1)
                .fetch();
        var page = ids.size() > size ? ids.subList(0, size) : ids;
        String next = null;
        if (ids.size() > size) {
            var last = page.getLast();
            next = Cursor.encode(List.of(last.value2().toString(), last.value1().toString()));
        }
        return new Slice<>(repository.findAll(page.stream().map(r -> r.value1()).toList()), next);
    }
}
