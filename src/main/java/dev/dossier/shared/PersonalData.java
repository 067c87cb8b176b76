package dev.dossier.shared;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A module that holds personal information about customers takes part in data-subject requests through this
 * interface: it hands over everything it holds about a customer, and anonymises it on erasure. Implementations are
 * Spring beans; the privacy module finds them all, so a new module joins by implementing it.
 */
public interface PersonalData {

    /** A short, stable name for this module's part of an export, e.g. {@code customers}. */
    String section();

    /** Everything this module holds about the customer, as records of named values ready to be written as JSON. */
    List<Map<String, Object>> export(UUID customerId);

    /**
     * Replaces every personal value this module holds about the customer with an anonymous one, keeping what
     * aggregates need (dates, amounts, categories). Runs inside the caller's transaction.
     */
    void erase(UUID customerId);

    /**
     * As {@link #erase(UUID)}, for the erasure that {@code erasureId} names (the data-subject request or the
     * retention rule that caused it), for a module that keeps a link to the erasure with what it erased.
     */
    default void erase(UUID customerId, UUID erasureId) {
        erase(customerId);
    }
}
