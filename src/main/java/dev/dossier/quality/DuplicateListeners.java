package dev.dossier.quality;

import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomerPurged;
import dev.dossier.customers.CustomerEvents.CustomerRegistered;
import dev.dossier.customers.CustomerEvents.CustomerRestored;
import dev.dossier.customers.CustomerEvents.CustomerTrashed;
import dev.dossier.customers.CustomerEvents.CustomersImported;
import java.util.List;
import java.util.Set;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the possible duplicates current between scans: a customer registered, imported, changed in what it is
 * matched by, trashed, restored or purged is matched again, after its change committed and through the event
 * publication registry, so that a crash loses nothing.
 */
@Component
class DuplicateListeners {

    /** The fields a match reads (as {@link CustomerChanged} names them). */
    private static final Set<String> MATCHED = Set.of(
            "type",
            "name",
            "legalName",
            "birthDate",
            "province",
            "city",
            "phones",
            "emails",
            "idDocumentType",
            "idDocumentNumber",
            "ownerId",
            "teamId");

    private static final int BATCH = 1_000;

    private final Duplicates duplicates;

    DuplicateListeners(Duplicates duplicates) {
        this.duplicates = duplicates;
    }

    @ApplicationModuleListener
    void on(CustomerRegistered event) {
        duplicates.refresh(List.of(event.customerId()));
    }

    @ApplicationModuleListener
    void on(CustomerChanged event) {
        if (event.fields().stream().anyMatch(MATCHED::contains)) {
            duplicates.refresh(List.of(event.customerId()));
        }
    }

    @ApplicationModuleListener
    void on(CustomersImported event) {
        var ids = event.customerIds();
        for (int from = 0; from < ids.size(); from += BATCH) {
            duplicates.refresh(ids.subList(from, Math.min(ids.size(), from + BATCH)));
        }
    }

    @ApplicationModuleListener
    void on(CustomerTrashed event) {
        duplicates.refresh(List.of(event.customerId()));
    }

    @ApplicationModuleListener
    void on(CustomerRestored event) {
        duplicates.refresh(List.of(event.customerId()));
    }

    @ApplicationModuleListener
    void on(CustomerPurged event) {
        duplicates.forget(List.of(event.customerId()));
    }
}
