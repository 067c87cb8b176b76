package dev.dossier.exchange;

import static dev.dossier.db.Tables.IMPORT_JOB;
import static dev.dossier.db.Tables.IMPORT_PROBLEM;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.dossier.db.Batches;
import dev.dossier.db.tables.records.ImportJobRecord;
import dev.dossier.db.tables.records.ImportProblemRecord;
import dev.dossier.identity.ActingUser;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.AccessEvents.DataImported;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background job of imports, on the shared job schedule: one instance takes an import and reads its file a batch
 * of rows at a time. A preview judges each batch without writing; a run writes each batch in one transaction together
 * with the import's counters and the batch's problems, and only while the import is still running and nobody else
 * moved it on (the counters are the guard). So a run that stops, whether it was cancelled, failed or its instance
 * died, has exactly its committed batches done, and when the schedule hands it to another instance it goes on after
 * the last of them. A batch that fails as a whole is tried again a row at a time, so that one bad row never blocks
 * the good ones. It runs as the user who started the import, with their rights as they are now.
 */
@Component
class ImportRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);
    private static final int MAX_PREVIEW_PROBLEMS = 1_000;

    private final DSLContext db;
    private final ImportFiles files;
    private final ImportRows rows;
    private final ActingUser acting;
    private final TransactionTemplate transactions;
    private final SchedulerClient jobs;
    private final ApplicationEventPublisher events;
    private final FieldCipher cipher;
    private final Clock clock;
    private final int batchSize;
    private final OneTimeTask<Void> task;

    ImportRunner(
            DSLContext db,
            ImportFiles files,
            ImportRows rows,
            ActingUser acting,
            TransactionTemplate transactions,
            SchedulerClient jobs,
            ApplicationEventPublisher events,
            FieldCipher cipher,
            Clock clock,
            @Value("${dossier.imports.batch-size:1000}") int batchSize) {
        this.db = db;
        this.files = files;
        this.rows = rows;
        this.acting = acting;
        this.transactions = transactions;
        this.jobs = jobs;
        this.events = events;
        this.cipher = cipher;
        this.clock = clock;
        this.batchSize = batchSize;
        this.task = Tasks.oneTime("import")
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(
                        3, new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30))))
                .execute((instance, context) -> run(UUID.fromString(instance.getId())));
    }

    /** The job, for the {@link dev.dossier.jobs.JobScheduler}. */
    @Bean
    Task<Void> importJob() {
        return task;
    }

    /** Puts the import on the schedule (with the caller's transaction, if any). */
    void schedule(UUID importId) {
        jobs.scheduleIfNotExists(task.instance(importId.toString()), Instant.now(clock));
    }

    /** Stopped because the import moved on elsewhere (cancelled, or taken over): nothing of the batch is kept. */
    private static final class Moved extends RuntimeException {
        Moved() {
            super("The import moved on", null, false, false);
        }
    }

    /** Takes the import as far as it goes. */
    void run(UUID importId) {
        var job = db.selectFrom(IMPORT_JOB)
                .where(IMPORT_JOB.ID.eq(importId))
                .fetchOptional()
                .orElse(null);
        if (job == null) {
            return;
        }
        var state = Imports.State.valueOf(job.getState());
        if (!state.working()) {
            return;
        }
        var phase = Imports.Phase.valueOf(job.getPhase());
        if (phase == Imports.Phase.PREVIEW && job.getRowsDone() > 0) {
            // The rows seen before a restart are not remembered: judge them all again.
            restartPreview(job);
        }
        if (state == Imports.State.QUEUED || job.getStartedAt() == null) {
            var started = OffsetDateTime.now(clock);
            int moved = db.update(IMPORT_JOB)
                    .set(IMPORT_JOB.STATE, phase == Imports.Phase.RUN ? Imports.State.RUNNING.name() : job.getState())
                    .set(IMPORT_JOB.STARTED_AT, started)
                    .where(IMPORT_JOB.ID.eq(importId))
                    .and(IMPORT_JOB.STATE.eq(job.getState()))
                    .execute();
            if (moved == 0) {
                return;
            }
            job.setStartedAt(started);
            if (phase == Imports.Phase.RUN) {
                job.setState(Imports.State.RUNNING.name());
            }
        }
        try {
            acting.as(job.getCreatedBy(), () -> {
                if (phase == Imports.Phase.UNDO) {
                    undoAll(job);
                } else {
                    work(job, phase);
                }
                return null;
            });
            finish(
                    job,
                    switch (phase) {
                        case RUN -> Imports.State.DONE;
                        case UNDO -> Imports.State.UNDONE;
                        case PREVIEW -> Imports.State.PREVIEWED;
                    },
                    null);
        } catch (Moved e) {
            LOG.debug("Import {} moved on", importId);
        } catch (ValidationException e) {
            var problem = e.problems().getFirst();
            finish(
                    job,
                    phase == Imports.Phase.RUN ? Imports.State.FAILED : Imports.State.UPLOADED,
                    problem.code() + (problem.args().length == 0 ? "" : "\u001f" + problem.args()[0]));
        } catch (AccessDeniedException e) {
            finish(
                    job,
                    phase == Imports.Phase.RUN ? Imports.State.FAILED : Imports.State.UPLOADED,
                    ImportKind.of(job.getKind()) == ImportKind.INTERACTIONS
                            ? "import.failed.access.interactions"
                            : "import.failed.access");
        }
    }

    /**
     * Undoes the import a batch of customers at a time, each batch in one transaction with the import's counters;
     * a restart goes on after the last batch (its customers are no longer as the import left them, so they count as
     * kept if walked again).
     */
    private void undoAll(ImportJobRecord job) {
        UUID after = null;
        long done = job.getRowsDone();
        while (true) {
            var from = after;
            long before = done;
            var step = transactions.execute(s -> {
                var batch = rows.undo(job, from, batchSize);
                if (batch.last() == null) {
                    return batch;
                }
                int moved = db.update(IMPORT_JOB)
                        .set(IMPORT_JOB.ROWS_DONE, before + batch.undone() + batch.kept())
                        .set(IMPORT_JOB.UNDONE_COUNT, IMPORT_JOB.UNDONE_COUNT.plus(batch.undone()))
                        .set(IMPORT_JOB.KEPT_COUNT, IMPORT_JOB.KEPT_COUNT.plus(batch.kept()))
                        .where(IMPORT_JOB.ID.eq(job.getId()))
                        .and(IMPORT_JOB.STATE.eq(Imports.State.UNDOING.name()))
                        .and(IMPORT_JOB.ROWS_DONE.eq(before))
                        .execute();
                if (moved == 0) {
                    throw new Moved();
                }
                return batch;
            });
            if (step.last() == null) {
                return;
            }
            after = step.last();
            done = before + step.undone() + step.kept();
        }
    }

    private void restartPreview(ImportJobRecord job) {
        transactions.executeWithoutResult(s -> {
            db.deleteFrom(IMPORT_PROBLEM)
                    .where(IMPORT_PROBLEM.IMPORT_ID.eq(job.getId()))
                    .execute();
            db.update(IMPORT_JOB)
                    .set(IMPORT_JOB.ROWS_DONE, 0L)
                    .set(IMPORT_JOB.CREATED_COUNT, 0L)
                    .set(IMPORT_JOB.UPDATED_COUNT, 0L)
                    .set(IMPORT_JOB.UNCHANGED_COUNT, 0L)
                    .set(IMPORT_JOB.SKIPPED_COUNT, 0L)
                    .set(IMPORT_JOB.INVALID_COUNT, 0L)
                    .set(IMPORT_JOB.DUPLICATE_COUNT, 0L)
                    .where(IMPORT_JOB.ID.eq(job.getId()))
                    .execute();
        });
        job.setRowsDone(0L);
    }

    private void work(ImportJobRecord job, Imports.Phase phase) {
        var seen = new LongSet();
        long skip = job.getRowsDone();
        long done = job.getRowsDone();
        try (var table = files.table(
                job.getId(),
                ImportFiles.Format.valueOf(job.getFormat()),
                job.getEncoding(),
                job.getDelimiter().charAt(0))) {
            var batch = new ArrayList<ImportFiles.SourceRow>(batchSize);
            while (table.hasNext()) {
                var row = table.next();
                if (skip > 0) {
                    skip--;
                    continue;
                }
                batch.add(row);
                if (batch.size() == batchSize) {
                    done = batch(job, phase, batch, done, seen);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                batch(job, phase, batch, done, seen);
            }
        }
    }

    private long batch(
            ImportJobRecord job,
            Imports.Phase phase,
            List<ImportFiles.SourceRow> source,
            long done,
            java.util.function.LongPredicate seen) {
        if (phase == Imports.Phase.PREVIEW) {
            var outcomes = transactions.execute(s -> rows.check(job, source, seen));
            transactions.executeWithoutResult(s -> commit(job, phase, source, outcomes, done));
            return done + source.size();
        }
        try {
            transactions.executeWithoutResult(s -> commit(job, phase, source, rows.apply(job, source), done));
        } catch (Moved e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.info(
                    "A batch of import {} failed as a whole ({}); its rows go in one at a time",
                    job.getId(),
                    e.toString());
            var outcomes = new ArrayList<ImportRows.RowOutcome>();
            for (var row : source) {
                try {
                    outcomes.addAll(transactions.execute(s -> rows.apply(job, List.of(row))));
                } catch (RuntimeException failed) {
                    outcomes.add(ImportRows.RowOutcome.failed(row.line()));
                }
            }
            // The rows that went in are committed; the counters follow in their own transaction.
            transactions.executeWithoutResult(s -> commit(job, phase, source, outcomes, done));
        }
        return done + source.size();
    }

    /** Adds a batch's outcomes to the import's counters and keeps its problems, if the import is where it was. */
    private void commit(
            ImportJobRecord job,
            Imports.Phase phase,
            List<ImportFiles.SourceRow> source,
            List<ImportRows.RowOutcome> outcomes,
            long done) {
        var counts = new java.util.HashMap<String, Long>();
        long duplicates = 0;
        for (var o : outcomes) {
            counts.merge(o.result(), 1L, Long::sum);
            if (o.duplicate()) {
                duplicates++;
            }
        }
        int moved = db.update(IMPORT_JOB)
                .set(IMPORT_JOB.ROWS_DONE, done + source.size())
                .set(IMPORT_JOB.CREATED_COUNT, IMPORT_JOB.CREATED_COUNT.plus(counts.getOrDefault("CREATED", 0L)))
                .set(IMPORT_JOB.UPDATED_COUNT, IMPORT_JOB.UPDATED_COUNT.plus(counts.getOrDefault("UPDATED", 0L)))
                .set(IMPORT_JOB.UNCHANGED_COUNT, IMPORT_JOB.UNCHANGED_COUNT.plus(counts.getOrDefault("UNCHANGED", 0L)))
                .set(IMPORT_JOB.SKIPPED_COUNT, IMPORT_JOB.SKIPPED_COUNT.plus(counts.getOrDefault("SKIPPED", 0L)))
                .set(IMPORT_JOB.INVALID_COUNT, IMPORT_JOB.INVALID_COUNT.plus(counts.getOrDefault("INVALID", 0L)))
                .set(IMPORT_JOB.DUPLICATE_COUNT, IMPORT_JOB.DUPLICATE_COUNT.plus(duplicates))
                .where(IMPORT_JOB.ID.eq(job.getId()))
                .and(IMPORT_JOB.ROWS_DONE.eq(done))
                .and(IMPORT_JOB.STATE.eq(job.getState()))
                .and(IMPORT_JOB.PHASE.eq(phase.name()))
                .execute();
        if (moved == 0) {
            throw new Moved();
        }
        long kept = phase == Imports.Phase.PREVIEW
                ? db.fetchCount(IMPORT_PROBLEM, IMPORT_PROBLEM.IMPORT_ID.eq(job.getId()))
                : 0;
        var cells = new java.util.HashMap<Long, List<String>>();
        source.forEach(r -> cells.put(r.line(), r.cells()));
        var problems = new ArrayList<ImportProblemRecord>();
        for (var o : outcomes) {
            if (o.problems().isEmpty() || (phase == Imports.Phase.PREVIEW && kept >= MAX_PREVIEW_PROBLEMS)) {
                continue;
            }
            var row = cells.get(o.line());
            var sealed = row == null ? null : cipher.encrypt(Imports.ROW_COLUMN, String.join("\u001f", row));
            int position = 0;
            for (var p : o.problems()) {
                problems.add(new ImportProblemRecord(
                        job.getId(),
                        phase.name(),
                        o.line(),
                        position++,
                        truncate(p.field(), 100),
                        truncate(p.code(), 100),
                        args(p) == null ? null : cipher.encrypt(Imports.ARGS_COLUMN, truncate(args(p), 200)),
                        position == 1 ? sealed : null));
                kept++;
            }
        }
        if (!problems.isEmpty()) {
            Batches.insert(db, problems);
        }
        job.setRowsDone(done + source.size());
    }

    private static String args(FieldProblem p) {
        if (p.args() == null || p.args().length == 0) {
            return null;
        }
        var parts = new ArrayList<String>();
        for (var a : p.args()) {
            parts.add(String.valueOf(a).replace('\u001f', ' '));
        }
        return String.join("\u001f", parts);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private void finish(ImportJobRecord job, Imports.State state, String error) {
        var now = OffsetDateTime.now(clock);
        int moved = transactions.execute(s -> {
            int n = db.update(IMPORT_JOB)
                    .set(IMPORT_JOB.STATE, state.name())
                    .set(IMPORT_JOB.FINISHED_AT, now)
                    .set(IMPORT_JOB.ERROR, error)
                    .set(IMPORT_JOB.VERSION, IMPORT_JOB.VERSION.plus(1))
                    .where(IMPORT_JOB.ID.eq(job.getId()))
                    .and(IMPORT_JOB.STATE.eq(job.getState()))
                    .execute();
            if (n > 0 && state != Imports.State.PREVIEWED && state != Imports.State.UPLOADED) {
                files.delete(job.getId());
            }
            return n;
        });
        if (moved > 0) {
            var finished = db.selectFrom(IMPORT_JOB)
                    .where(IMPORT_JOB.ID.eq(job.getId()))
                    .fetchOne();
            if (finished != null && Imports.Phase.valueOf(finished.getPhase()) != Imports.Phase.PREVIEW) {
                finished(finished);
            }
        }
    }

    /** Tells the person who ran an import how it ended, and the audit trail. */
    void finished(ImportJobRecord job) {
        var undoing = Imports.Phase.valueOf(job.getPhase()) == Imports.Phase.UNDO;
        var description = undoing
                ? "undo: %d records put back, %d kept as changed since"
                        .formatted(job.getUndoneCount(), job.getKeptCount())
                : "rows %d of %d: created %d, updated %d, unchanged %d, skipped %d, invalid %d, duplicates %d"
                        .formatted(
                                job.getRowsDone(),
                                job.getRowsTotal(),
                                job.getCreatedCount(),
                                job.getUpdatedCount(),
                                job.getUnchangedCount(),
                                job.getSkippedCount(),
                                job.getInvalidCount(),
                                job.getDuplicateCount());
        transactions.executeWithoutResult(s -> {
            if (Imports.State.CANCELLED.name().equals(job.getState())) {
                files.delete(job.getId());
            }
            events.publishEvent(new DataImported(
                    job.getCreatedBy(),
                    job.getId(),
                    ImportKind.of(job.getKind()).path(),
                    job.getFileName(),
                    job.getFileHash(),
                    job.getState(),
                    description));
            events.publishEvent(new NotificationRequested(
                    Set.of(job.getCreatedBy()),
                    "import-finished",
                    "notification.import."
                            + (ImportKind.of(job.getKind()) == ImportKind.CUSTOMERS ? "" : "interactions.")
                            + (undoing ? "undo." : "")
                            + job.getState().toLowerCase(java.util.Locale.ROOT),
                    undoing
                            ? List.of(
                                    job.getFileName(),
                                    Long.toString(job.getUndoneCount()),
                                    Long.toString(job.getKeptCount()))
                            : List.of(
                                    job.getFileName(),
                                    Long.toString(job.getCreatedCount()),
                                    Long.toString(job.getUpdatedCount()),
                                    Long.toString(job.getInvalidCount())),
                    "/imports/" + job.getId(),
                    null,
                    null,
                    "import:" + job.getId() + ":" + job.getState()));
        });
    }

    /** A set of longs without boxing, for the keys a preview has seen; answers whether a key is new. */
    static final class LongSet implements java.util.function.LongPredicate {

        private long[] keys = new long[1 << 12];
        private boolean zero;
        private int size;

        @Override
        public boolean test(long key) {
            if (key == 0) {
                boolean added = !zero;
                zero = true;
                return added;
            }
            if (size * 2 >= keys.length) {
                grow();
            }
            return put(keys, key);
        }

        private boolean put(long[] table, long key) {
            int mask = table.length - 1;
            int i = (int) (mix(key) & mask);
            while (table[i] != 0) {
                if (table[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = key;
            if (table == keys) {
                size++;
            }
            return true;
        }

        private void grow() {
            var old = keys;
            keys = new long[old.length * 2];
            size = 0;
            for (long k : old) {
                if (k != 0) {
                    put(keys, k);
                }
            }
        }

        private static long mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 32);
        }
    }
}
