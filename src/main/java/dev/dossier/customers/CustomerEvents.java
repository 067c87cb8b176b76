package dev.dossier.customers;

import dev.dossier.shared.ValueChange;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What happens to customer dossiers, for other modules to react to. */
public final class CustomerEvents {

    private CustomerEvents() {}

    /**
     * A new customer was registered.
     *
     * @param customerId the customer
     * @param byUserId who registered it, or null for the system
     * @param values the values it was registered with
     */
    public record CustomerRegistered(UUID customerId, UUID byUserId, List<ValueChange> values) {

        public CustomerRegistered {
            values = List.copyOf(values);
        }
    }

    /**
     * A customer's details or contacts changed.
     *
     * @param customerId the customer
     * @param fields names of the changed fields
     * @param changes each changed value before and after (for contacts, fields are prefixed {@code contact.})
     * @param byUserId who changed them
     */
    public record CustomerChanged(UUID customerId, Set<String> fields, List<ValueChange> changes, UUID byUserId) {

        public CustomerChanged {
            fields = Set.copyOf(fields);
            changes = List.copyOf(changes);
        }
    }

    /**
     * A customer moved to a new lifecycle stage.
     *
     * @param customerId the customer
     * @param from previous stage, null for a new customer
     * @param to new stage
     * @param byUserId who, or null for the system
     */
    public record LifecycleStageChanged(UUID customerId, LifecycleStage from, LifecycleStage to, UUID byUserId) {}

    /**
     * A customer went to the trash.
     *
     * @param customerId the customer
     * @param byUserId who, or null for the system
     */
    public record CustomerTrashed(UUID customerId, UUID byUserId) {}

    /**
     * A customer came back from the trash.
     *
     * @param customerId the customer
     * @param byUserId who, or null for the system
     */
    public record CustomerRestored(UUID customerId, UUID byUserId) {}

    /**
     * A customer was removed for good, with everything attached to it.
     *
     * @param customerId the customer
     * @param byUserId who, or null for the system
     */
    public record CustomerPurged(UUID customerId, UUID byUserId) {}

    /**
     * Customers were created by an import, a batch of rows at a time (changed ones are told one by one through
     * {@link CustomerChanged}).
     *
     * @param importId the import
     * @param customerIds the customers created
     * @param byUserId who ran the import
     */
    public record CustomersImported(UUID importId, List<UUID> customerIds, UUID byUserId) {

        public CustomersImported {
            customerIds = List.copyOf(customerIds);
        }
    }
}
