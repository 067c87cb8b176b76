package dev.dossier.interactions;

import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomerRegistered;
import dev.dossier.customers.CustomerEvents.CustomerRestored;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Keeps each customer's contact summary in step with the customer: a row from registration on, its owner and team. */
@Component
class InteractionListeners {

    private final InteractionRollups rollups;

    InteractionListeners(InteractionRollups rollups) {
        this.rollups = rollups;
    }

    @ApplicationModuleListener
    void on(CustomerRegistered event) {
        rollups.customerChanged(event.customerId());
    }

    @ApplicationModuleListener
    void on(CustomerChanged event) {
        rollups.customerChanged(event.customerId());
    }

    @ApplicationModuleListener
    void on(CustomerRestored event) {
        rollups.customerChanged(event.customerId());
    }
}
