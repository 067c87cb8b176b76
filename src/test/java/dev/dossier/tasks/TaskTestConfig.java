package dev.dossier.tasks;

import dev.dossier.shared.NotificationRequested;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** What the task tests need around the application: a record of the notices published. */
@TestConfiguration
class TaskTestConfig {

    /** Every notice published, in order. */
    static class Notices {
        final List<NotificationRequested> published = new CopyOnWriteArrayList<>();

        @EventListener
        void on(NotificationRequested notice) {
            published.add(notice);
        }

        List<NotificationRequested> withKeyStarting(String prefix) {
            return published.stream()
                    .filter(n -> n.key() != null && n.key().startsWith(prefix))
                    .toList();
        }
    }

    @Bean
    Notices notices() {
        return new Notices();
    }
}
