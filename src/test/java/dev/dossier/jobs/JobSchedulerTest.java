package dev.dossier.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.dossier.jobs.JobScheduler.AfterDelay;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** When a job runs after start, after a run, and after a failed run. */
class JobSchedulerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T02:30:00Z");
    private static final Duration RETRY = Duration.ofMinutes(1);

    @Test
    void aDelayedJobFirstRunsOneDelayAfterStartThenOneDelayAfterEachRun() {
        var every = new AfterDelay(Duration.ofSeconds(5));
        assertThat(every.getInitialExecutionTime(NOW)).isEqualTo(NOW.plusSeconds(5));
        assertThat(every.getNextExecutionTime(ExecutionComplete.success(execution(0), NOW, NOW.plusSeconds(2))))
                .isEqualTo(NOW.plusSeconds(7));
    }

    @Test
    void aFailedNightlyRunIsTriedAgainAfterTheRetryPause() {
        var failed = failure(0);
        assertThat(rescheduledTo(failed, nightly()))
                .isEqualTo(failed.getTimeDone().plus(RETRY));
    }

    @Test
    void afterThreeFailuresInARowTheJobWaitsForItsNextDueTime() {
        var failed = failure(JobScheduler.RETRIES);
        assertThat(rescheduledTo(failed, nightly())).isEqualTo(NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void aJobDueSoonerThanTheRetryPauseRunsAtItsDueTime() {
        var often = new AfterDelay(Duration.ofSeconds(5));
        var failed = failure(0);
        assertThat(rescheduledTo(failed, often)).isEqualTo(failed.getTimeDone().plusSeconds(5));
    }

    /** Every day at the time of {@link #NOW}. */
    private static Schedule nightly() {
        return Schedules.cron("0 30 2 * * *", ZoneOffset.UTC);
    }

    private static ExecutionComplete failure(int failuresBefore) {
        return ExecutionComplete.failure(
                execution(failuresBefore),
                NOW,
                NOW.plusSeconds(3),
                new IllegalStateException("the mail server is down"));
    }

    private static Execution execution(int failuresBefore) {
        return new Execution(
                NOW, new TaskInstance<>("job", "recurring"), true, "a", null, null, failuresBefore, NOW, 1);
    }

    @SuppressWarnings("unchecked")
    private static Instant rescheduledTo(ExecutionComplete failed, Schedule schedule) {
        ExecutionOperations<Void> operations = mock(ExecutionOperations.class);
        JobScheduler.<Void>retrying(schedule, RETRY).onFailure(failed, operations);
        var at = ArgumentCaptor.forClass(Instant.class);
        verify(operations).reschedule(eq(failed), at.capture());
        return at.getValue();
    }
}
