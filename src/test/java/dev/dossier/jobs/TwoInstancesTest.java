package dev.dossier.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import dev.dossier.DossierApplication;
import dev.dossier.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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

    private final String schema = TestDatabase.freshSchema("twins");
    private final ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @Test
    void eachJobRunsOncePerDueTimeAcrossTwoInstances() throws Exception {
        var shared =
                Files.createTempDirectory(Path.of(System.getProperty("dossier.build.directory", "target")), "twins-");
        Flyway.configure()
                .dataSource(TestDatabase.pgUrl(schema), TestDatabase.pgUser(), TestDatabase.pgPassword())
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .load()
                .migrate();
        try (var connection = connect();
                var statement = connection.createStatement()) {
            statement.execute("INSERT INTO retention_rule (id, name, stages, inactive_months, action, enabled, "
                    + "created_at, updated_at) VALUES ('" + UUID.randomUUID() + "', 'Old leads', 'LEAD', 120, "
                    + "'TRASH', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
        instances.add(start("a", shared));
        instances.add(start("b", shared));

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> JOBS.stream()
                        .allMatch(job ->
                                runs.stream().filter(r -> r.job().equals(job)).count() >= 3));
        stopAll();

        var byJob = runs.stream().collect(Collectors.groupingBy(Run::job));
        assertThat(byJob.keySet()).containsAll(JOBS);
        byJob.forEach((job, done) -> assertThat(done.stream().map(Run::due).toList())
                .as("due times of %s that ran more than once", job)
                .doesNotHaveDuplicates());
        assertThat(runs.stream().map(Run::instance).distinct())
                .as("both instances ran jobs")
                .containsExactlyInAnyOrder("a", "b");
        try (var connection = connect();
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

    private ConfigurableApplicationContext start(String name, Path shared) {
        var every = "300ms";
        return new SpringApplicationBuilder(DossierApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("runRecorder", new Recorder(name)))
                .run(
                        "--spring.datasource.url=" + TestDatabase.pgUrl(schema),
                        "--spring.datasource.username=" + TestDatabase.pgUser(),
                        "--spring.datasource.password=" + TestDatabase.pgPassword(),
                        "--spring.datasource.hikari.maximum-pool-size=6",
                        "--spring.datasource.hikari.minimum-idle=1",
                        "--spring.flyway.schemas=" + schema,
                        "--spring.flyway.default-schema=" + schema,
                        "--spring.flyway.create-schemas=true",
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--dossier.admin-password=admin-password-1",
                        "--dossier.keys.file=" + shared.resolve("dossier.keys"),
                        "--dossier.audit.anchors.directory=" + shared.resolve("anchors"),
                        "--dossier.backup.directory=" + shared.resolve("backups"),
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

    private Connection connect() throws SQLException {
        var connection =
                DriverManager.getConnection(TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
        connection.setSchema(schema);
        return connection;
    }

    private void stopAll() {
        instances.forEach(ConfigurableApplicationContext::close);
        instances.clear();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        stopAll();
        try (var connection = DriverManager.getConnection(
                        TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
                var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }
}
