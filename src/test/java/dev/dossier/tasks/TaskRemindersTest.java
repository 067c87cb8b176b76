package dev.dossier.tasks;

import static dev.dossier.tasks.TaskFixtures.aTask;
import static dev.dossier.tasks.TaskFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Reminders and due notices go out once, within a minute of their time, with the application's clock moved forward
 * and the scheduler polling every second.
 */
@DossierTest
@AutoConfigureMockMvc
@Import(TaskTestConfig.class)
@TestPropertySource(properties = "dossier.tasks.reminder-poll=1s")
@Tag("clock")
class TaskRemindersTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    TestClock clock;

    @Autowired
    TaskTestConfig.Notices notices;

    @Autowired
    TaskReminders reminders;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The notices with the key, once the scheduler has sent at least one; fails after {@code within}. */
    private List<NotificationRequested> awaitNotice(String keyPrefix, Duration within) {
        return await().atMost(within).until(() -> notices.withKeyStarting(keyPrefix), found -> !found.isEmpty());
    }

    @Test
    void theReminderAndTheDueNoticeGoOutOnceWithinAMinuteOfTheirTime() throws Exception {
        var owner = users.create(Role.SALES);
        var assignee = users.create(Role.SALES);
        var api = new ApiClient(port).signIn(owner, TestUsers.PASSWORD);
        var due = OffsetDateTime.now(clock).plusHours(2).withNano(0);
        var task = aTask("Call the bank " + unique())
                .due(due)
                .with("reminder", "HOUR_1")
                .with("assigneeId", users.id(assignee))
                .create(api);
        var id = task.get("id").asString();

        reminders.sendDue();
        assertThat(notices.withKeyStarting("task-reminder:" + id))
                .as("nothing before its time")
                .isEmpty();

        clock.moveBy(Duration.ofHours(1));
        long started = System.nanoTime();
        var reminder = awaitNotice("task-reminder:" + id, Duration.ofMinutes(1));
        assertThat(reminder).as("the reminder an hour before").hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
        assertThat(reminder.getFirst().messageKey()).isEqualTo("notification.task-reminder");
        assertThat(reminder.getFirst().recipients()).containsExactly(users.id(assignee));
        assertThat(reminder.getFirst().args().getFirst()).startsWith("Call the bank");
        assertThat(notices.withKeyStarting("task-due:" + id)).as("not yet due").isEmpty();

        clock.moveBy(Duration.ofHours(1));
        started = System.nanoTime();
        var dueNotice = awaitNotice("task-due:" + id, Duration.ofMinutes(1));
        assertThat(dueNotice).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
        assertThat(dueNotice.getFirst().messageKey()).isEqualTo("notification.task-due");
        assertThat(dueNotice.getFirst().link()).isEqualTo("/tasks/" + id);

        // Another poll, by this instance or another, sends nothing more.
        reminders.sendDue();
        assertThat(notices.withKeyStarting("task-reminder:" + id))
                .as("sent once")
                .hasSize(1);
        assertThat(notices.withKeyStarting("task-due:" + id)).as("sent once").hasSize(1);
    }

    @Test
    void twoSchedulersPollingAtOnceSendEachNoticeOnce() throws Exception {
        var owner = users.create(Role.SALES);
        var api = new ApiClient(port).signIn(owner, TestUsers.PASSWORD);
        var due = OffsetDateTime.now(clock).plusHours(5).withNano(0);
        var ids = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            ids.add(aTask("Batch " + i + " " + unique())
                    .due(due)
                    .with("reminder", "AT_DUE")
                    .create(api)
                    .get("id")
                    .asString());
        }
        clock.moveBy(Duration.ofHours(5));
        var pool = Executors.newFixedThreadPool(4);
        var polls = new ArrayList<Callable<Integer>>();
        for (int i = 0; i < 4; i++) {
            polls.add(reminders::sendDue);
        }
        pool.invokeAll(polls);
        pool.shutdown();
        // The application's own scheduler may be polling at the same moment and hold some of the tasks: its notices
        // are published while it goes through them.
        await().atMost(Duration.ofMinutes(1))
                .until(() -> ids.stream()
                        .allMatch(
                                id -> !notices.withKeyStarting("task-due:" + id).isEmpty()));
        for (var id : ids) {
            assertThat(notices.withKeyStarting("task-due:" + id))
                    .as("task %s", id)
                    .hasSize(1);
        }
        // A cancelled task says nothing more.
        var cancelled = aTask("Cancelled " + unique())
                .due(OffsetDateTime.now(clock).plusMinutes(30))
                .with("reminder", "MINUTES_15")
                .create(api)
                .get("id")
                .asString();
        assertThat(api.post("/api/v1/tasks/" + cancelled + "/cancellation", "{}")
                        .status())
                .isEqualTo(200);
        clock.moveBy(Duration.ofHours(1));
        reminders.sendDue();
        assertThat(notices.withKeyStarting("task-reminder:" + cancelled)).isEmpty();
        assertThat(notices.withKeyStarting("task-due:" + cancelled)).isEmpty();
    }
}
