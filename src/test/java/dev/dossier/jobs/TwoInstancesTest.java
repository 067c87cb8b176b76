package dev.dossier.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import dev.dossier.support.SharedSchema;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two instances of Dossier on one PostgreSQL schema, every background job due every fraction of a second (the
 * nightly ones every second or two): each job runs once per due time, taken by one instance or the other, never by
 * both. The scheduler's own record of every finished run is compared with what the jobs leave behind: the retention
 * job writes one report a run, so two instances each running it on their own would leave two reports for one second.
 */
@Tag("database")
@EnabledIfEnvironmentVariable(named = "DOSSIER_TEST_PG_URL", matches = ".+")
@EnabledIfSystemProperty(named = "dossier.test.db", matches = "postgresql")
class TwoInstancesTest {

    /** The jobs of an installation on PostgreSQL. */
    private static final Set<String> JOBS = Set.of(
            "mail-outbox",
            "webhooks",
            "task-reminders",
            "sla-monitor",
            "service-rollup",
            "audit-anchors",
            "rate-limit-cleanup",
            "retention",
            "task-programmes",
            "backup");

    /**
     * A finished run.
     *
     * @param instance the instance that ran it
     * @param job the job
     * @param due the due time it ran for
     */
    record Run(String instance, String job, Instant due) {}

    private final SharedSchema database = SharedSchema.migrated("twins");
    private final ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();

    @Test
    void eachJobRunsOncePerDueTimeAcrossTwoInstances() throws Exception {
        try (var connection = database.connect();
                var statement = connection.createStatement()) {
            statement.execute("INSERT INTO retention_rule (id, name, stages, inactive_months, action, enabled, "
                    + "created_at, updated_at) VALUES ('" + UUID.randomUUID() + "', 'Old leads', 'LEAD', 120, "
                    + "'TRASH', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
        start("a");
        start("b");

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> JOBS.stream()
                        .allMatch(job ->
                                runs.stream().filter(r -> r.job().equals(job)).count() >= 3));
        database.stopAll();

        var byJob = runs.stream().collect(Collectors.groupingBy(Run::job));
        assertThat(byJob.keySet()).containsAll(JOBS);
        byJob.forEach((job, done) -> assertThat(done.stream().map(Run::due).toList())
                .as("due times of %s that ran more than once", job)
                .doesNotHaveDuplicates());
        assertThat(runs.stream().map(Run::instance).distinct())
                .as("both instances ran jobs")
                .containsExactlyInAnyOrder("a", "b");
        try (var connection = database.connect();
                var statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT date_trunc('second', started_at), COUNT(*) "
                    + "FROM retention_run GROUP BY 1 HAVING COUNT(*) > 1")) {
                assertThat(rows.next()).as("a second with two retention runs").isFalse();
            }
            try (var rows = statement.executeQuery("SELECT COUNT(*) FROM retention_run")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("retention reports, one for each run of the scheduler")
                        .isEqualTo(byJob.get("retention").size());
            }
        }
    }

    private void start(String name) {
        var every = "300ms";
        database.start(
                context -> context.getBeanFactory().registerSingleton("runRecorder", new Recorder(name)),
                "--dossier.backup.keep=2",
                "--dossier.scheduler.polling-interval=100ms",
                "--dossier.mail.poll=" + every,
                "--dossier.webhooks.poll=" + every,
                "--dossier.tasks.reminder-poll=" + every,
                "--dossier.sla.poll=" + every,
                "--dossier.measures.rollup-poll=" + every,
                "--dossier.audit.anchors.interval=" + every,
                "--dossier.api.rate-limit.cleanup=" + every,
                "--dossier.privacy.retention-cron=* * * * * *",
                "--dossier.tasks.programme-cron=* * * * * *",
                "--dossier.backup.cron=*/2 * * * * *");
    }

    /** Records every finished run of the instance it is registered in. */
    private final class Recorder extends AbstractSchedulerListener {

        private final String instance;

        Recorder(String instance) {
            this.instance = instance;
        }

        @Override
        public void onExecutionComplete(ExecutionComplete complete) {
            var execution = complete.getExecution();
            runs.add(new Run(instance, execution.getTaskName(), execution.getExecutionTime()));
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        database.close();
    }
}
