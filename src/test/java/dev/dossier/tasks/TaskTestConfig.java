package dev.dossier.tasks;

import dev.dossier.shared.NotificationRequested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;

/**
 * What the task tests need around the application: an interaction log standing in for the interactions module, a
 * record of the notices published, and a clock the tests can move forward.
 */
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
            return published.stream().filter(n -> n.key() != null && n.key().startsWith(prefix)).toList();
        }
    }

    /** The system clock, or a fixed instant, moved forward by an offset the tests set. */
    static class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;
        private volatile Instant pinned;

        void moveBy(Duration by) {
            offset = offset.plus(by);
        }

        /** From now on the clock reads this instant (plus any move), whatever the wall clock says. */
        void pinAt(Instant at) {
            offset = Duration.ZERO;
            pinned = at;
        }

        void reset() {
            offset = Duration.ZERO;
            pinned = null;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            var self = this;
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return zone;
                }

                @Override
                public Clock withZone(ZoneId other) {
                    return self.withZone(other);
                }

                @Override
                public Instant instant() {
                    return self.instant();
                }
            };
        }

        @Override
        public Instant instant() {
            var at = pinned;
            return (at == null ? Instant.now() : at).plus(offset);
        }
    }

    @Bean
    Notices notices() {
        return new Notices();
    }

    @Bean
    @Primary
    MovableClock movableClock() {
        return new MovableClock();
    }
}
