package dev.dossier.notifications;

import dev.dossier.shared.NotificationRequested;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Turns every module's notice into one for each recipient's bell and mailbox, after the sender's change commits. */
@Component
class NotificationDelivery {

    private final NotificationStore store;

    NotificationDelivery(NotificationStore store) {
        this.store = store;
    }

    @ApplicationModuleListener
    void on(NotificationRequested request) {
        store.deliver(request);
    }
}
