package dev.dossier.interactions;

import static dev.dossier.db.Tables.CUSTOMER_CONTACT_SUMMARY;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomerRegistered;
import dev.dossier.customers.CustomerEvents.CustomerRestored;
import dev.dossier.customers.CustomerEvents.CustomersImported;
import org.jooq.DSLContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each customer's contact summary in step with the customer: a row from registration on, with its owner and
 * team. The summary is written in the customer's own transaction (a small insert or update), so it is never behind
 * the customer and a create costs no durable event publication, no second transaction and no clean-up.
 */
@Component
class InteractionListeners {

    private final InteractionRollups rollups;
    private final DSLContext db;
    private final CustomerDirectory customers;

    InteractionListeners(InteractionRollups rollups, DSLContext db, CustomerDirectory customers) {
        this.rollups = rollups;
        this.db = db;
        this.customers = customers;
    }

    /**
     * An installation that had customers before interactions existed has no contact summaries yet: build them (and
     * the daily roll-up) once, so that its customers show as never contacted.
     */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (customers.any() && !db.fetchExists(CUSTOMER_CONTACT_SUMMARY)) {
            rollups.rebuild();
        }
    }

    @EventListener
    void on(CustomerRegistered event) {
        rollups.customerChanged(event.customerId());
    }

    @EventListener
    void on(CustomersImported event) {
        rollups.customersImported(event.customerIds());
    }

    @EventListener
    void on(CustomerChanged event) {
        rollups.customerChanged(event.customerId());
    }

    @EventListener
    void on(CustomerRestored event) {
        rollups.customerChanged(event.customerId());
    }
}
