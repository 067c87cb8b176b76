package dev.dossier.privacy;

import java.util.UUID;

/** The record of erasures, for modules that keep a link to the erasure that changed what they hold. */
public interface ErasureRecords {

    /**
     * Whether the erasure named by {@code erasureId} (a completed erasure request, or the retention rule that erased
     * the customer) erased this customer.
     */
    boolean covers(UUID erasureId, UUID customerId);

    /** Whether the customer was erased. */
    boolean erased(UUID customerId);
}
