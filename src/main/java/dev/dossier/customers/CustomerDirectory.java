package dev.dossier.customers;

import static dev.dossier.db.Tables.CUSTOMER;

import dev.dossier.customers.CustomerEvents.CustomerTrashed;
import dev.dossier.shared.Actor;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules may ask of the customers: whether a customer exists and its name, which customers have been
 * left alone for long, and moving one to the trash on a retention rule's behalf. The caller decides access; a
 * scheduled rule runs as the system.
 */
@Service
public class CustomerDirectory {

    private final DSLContext db;
    private final CustomerRepository customers;
    private final ChangeHistory history;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CustomerDirectory(DSLContext db, CustomerRepository customers, ChangeHistory history,
            ApplicationEventPublisher events, Clock clock) {
        this.db = db;
        this.customers = customers;
        this.history = history;
        this.events = events;
        this.clock = clock;
    }

    /** Whether the customer exists, in the trash or not. */
    @Transactional(readOnly = true)
    public boolean exists(UUID customerId) {
        return db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customerId));
    }

    /** Names of the customers that exist among {@code ids}. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> names(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        return db.select(CUSTOMER.ID, CUSTOMER.NAME).from(CUSTOMER).where(CUSTOMER.ID.in(ids))
                .fetchMap(CUSTOMER.ID, CUSTOMER.NAME);
    }

    /**
     * Customers not in the trash, in one of {@code stages}, last updated before {@code updatedBefore}, with ids
     * after {@code afterId} (null for the first batch), in id order.
     */
    @Transactional(readOnly = true)
    public List<UUID> inactive(Collection<String> stages, OffsetDateTime updatedBefore, UUID afterId, int limit) {
        var condition = CUSTOMER.DELETED_AT.isNull().and(CUSTOMER.LIFECYCLE_STAGE.in(stages))
                .and(CUSTOMER.UPDATED_AT.lt(updatedBefore));
        if (afterId != null) {
            condition = condition.and(CUSTOMER.ID.gt(afterId));
        }
        return db.select(CUSTOMER.ID).from(CUSTOMER).where(condition).orderBy(CUSTOMER.ID).limit(limit)
                .fetch(CUSTOMER.ID);
    }

    /** The names of the lifecycle stages, for rule forms. */
    public static List<String> stages() {
        return java.util.Arrays.stream(LifecycleStage.values()).map(Enum::name).toList();
    }

    /** Moves a customer to the trash, recorded in its history; false when it is gone or already in the trash. */
    @Transactional
    public boolean trash(UUID customerId, Actor actor) {
        var customer = customers.find(customerId).orElse(null);
        if (customer == null || customer.inTrash()) {
            return false;
        }
        int expected = customer.version();
        var now = OffsetDateTime.now(clock);
        customer.moveToTrash(actor, now);
        customers.updateTrashState(customer, expected);
        history.record(customerId, "CUSTOMER", customerId, customer.details().name(), ChangeHistory.Action.TRASHED,
                List.of(), now, actor.userId());
        events.publishEvent(new CustomerTrashed(customerId, dev.dossier.identity.CurrentUser.actor().userId()));
        return true;
    }
}
