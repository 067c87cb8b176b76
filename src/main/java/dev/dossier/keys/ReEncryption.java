package dev.dossier.keys;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background job that brings every encrypted column in line with the keys and the sensitive fields: values
 * under an older key are encrypted again with the primary one, plain values of sensitive fields are encrypted and
 * values of fields no longer sensitive are decrypted. It walks each column by its key in batches, each batch in a
 * short transaction, and writes a value only if it is still the one it read, so an edit made meanwhile is never
 * overwritten (that row is left for the edit, which wrote it with the current key). It runs after startup, after a
 * rotation or a change of sensitive fields, and when the key file changed on disk: a request schedules one run on
 * the shared job schedule, which one instance takes (after reading the key file again); however many instances ask
 * at once, one run happens. Each instance checks its own key file every {@code dossier.keys.check-interval}.
 */
@Component
public class ReEncryption {

    private static final Logger LOG = LoggerFactory.getLogger(ReEncryption.class);

    /**
     * How far the job is.
     *
     * @param running whether it is working now
     * @param column the column it is walking, or null
     * @param done values rewritten in this run
     * @param total values that needed it when the run started
     * @param finishedAt when the last run ended, or null
     * @param error why the last run stopped, or null
     */
    public record Progress(boolean running, String column, long done, long total, Instant finishedAt, String error) {}

    /**
     * How many values of one column each key encrypts, and how many sensitive ones are still plain.
     *
     * @param column {@code table.column}
     * @param byKey values by key id
     * @param plain plain values waiting to be encrypted
     */
    public record Usage(String column, Map<String, Long> byKey, long plain) {}

    private final DSLContext db;
    private final FieldCipher cipher;
    private final Keys keys;
    private final List<EncryptedData> data;
    private final TransactionTemplate transactions;
    private final int batchSize;
    private final SchedulerClient jobs;
    private final TaskInstance<Void> run;
    private final Task<Void> task;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Progress progress = new Progress(false, null, 0, 0, null, null);

    ReEncryption(
            DSLContext db,
            FieldCipher cipher,
            Keys keys,
            List<EncryptedData> data,
            TransactionTemplate transactions,
            SchedulerClient jobs,
            @Value("${dossier.keys.batch-size:200}") int batchSize,
            @Value("${dossier.keys.check-interval:PT5S}") Duration checkInterval) {
        this.jobs = jobs;
        this.task = Tasks.custom("re-encryption", Void.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(
                        3, new FailureHandler.OnFailureRetryLater<>(Duration.ofMinutes(1))))
                .execute((instance, context) -> {
                    reloadKeys();
                    // Once more after a run that rewrote values: an edit saved meanwhile may still have used an old
                    // key.
                    return runNow() > 0
                            ? (done, operations) ->
                                    operations.reschedule(done, Instant.now().plus(checkInterval))
                            : new CompletionHandler.OnCompleteRemove<>();
                });
        this.run = task.instance("keys");
        this.db = db;
        this.cipher = cipher;
        this.keys = keys;
        this.data = data;
        this.transactions = transactions;
        this.batchSize = batchSize;
    }

    /** Whether no run is under way, asked for or waiting in the schedule. */
    public boolean idle() {
        return !progress.running()
                && !requested.get()
                && jobs.getScheduledExecution(run).isEmpty();
    }

    public Progress progress() {
        return progress;
    }

    /** The job, for the {@link dev.dossier.jobs.JobScheduler}. */
    @Bean
    Task<Void> reEncryptionJob() {
        return task;
    }

    /** Asks for a run; one instance starts it within seconds. */
    public void request() {
        requested.set(true);
        submit();
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        request();
    }

    /**
     * Takes in a changed key file. Not a job of the shared schedule: every instance keeps its own copy of the keys,
     * so each checks its own file.
     */
    @Scheduled(
            initialDelayString = "${dossier.keys.check-interval:PT5S}",
            fixedDelayString = "${dossier.keys.check-interval:PT5S}")
    void tick() {
        if (reloadKeys()) {
            requested.set(true);
        }
        submit();
    }

    private boolean reloadKeys() {
        try {
            if (keys.reloadIfChanged()) {
                LOG.info(
                        "The key file changed; the primary key is now {}",
                        keys.ring().primary().id());
                return true;
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot reload the key file: {}", e.getMessage());
        }
        return false;
    }

    /** Schedules the run asked for; while one is under way, asks again at the next tick, after it. */
    private void submit() {
        try {
            if (requested.getAndSet(false) && !jobs.scheduleIfNotExists(run, Instant.now())) {
                jobs.getScheduledExecution(run)
                        .filter(ScheduledExecution::isPicked)
                        .ifPresent(r -> requested.set(true));
            }
        } catch (RuntimeException e) {
            requested.set(true);
            LOG.warn("Cannot schedule the re-encryption yet: {}", e.getMessage());
        }
    }

    /** Runs the job to the end in the calling thread; returns the number of values rewritten. */
    public synchronized long runNow() {
        var columns = data.stream().flatMap(d -> d.columns().stream()).toList();
        long total = 0;
        for (var column : columns) {
            total += db.fetchCount(column.table(), pending(column));
        }
        long done = 0;
        progress = new Progress(true, null, 0, total, progress.finishedAt(), null);
        try {
            for (var column : columns) {
                done = walk(column, done, total);
            }
            progress = new Progress(false, null, done, total, Instant.now(), null);
            if (done > 0) {
                LOG.info(
                        "Re-encryption rewrote {} values; primary key {}",
                        done,
                        keys.ring().primary().id());
            }
        } catch (RuntimeException e) {
            progress = new Progress(false, null, done, total, Instant.now(), e.getMessage());
            LOG.error("Re-encryption stopped after {} of {} values", done, total, e);
            throw e;
        }
        return done;
    }

    /** Values of each column by key, for the encryption page. */
    public List<Usage> usage() {
        var ring = keys.ring();
        var result = new ArrayList<Usage>();
        for (var column : data.stream().flatMap(d -> d.columns().stream()).toList()) {
            var fields = new ArrayList<Field<?>>();
            for (var key : ring.keys()) {
                fields.add(DSL.count().filterWhere(column.value().like(FieldCipher.PREFIX + key.id() + ":%")));
            }
            fields.add(DSL.count()
                    .filterWhere(column.value()
                            .notLike(FieldCipher.PREFIX + "%")
                            .and(column.encryptScope().get())));
            var row = db.select(fields).from(column.table()).fetchOne();
            var byKey = new LinkedHashMap<String, Long>();
            for (int i = 0; i < ring.keys().size(); i++) {
                byKey.put(ring.keys().get(i).id(), row.get(i, Long.class));
            }
            result.add(new Usage(column.name(), byKey, row.get(ring.keys().size(), Long.class)));
        }
        return result;
    }

    /** Rows of a column that the job has to rewrite. */
    private Condition pending(EncryptedColumn column) {
        var value = column.value();
        var encrypted = value.like(FieldCipher.PREFIX + "%");
        var current = value.like(FieldCipher.PREFIX + keys.ring().primary().id() + ":%");
        return encrypted
                .and(current.not().or(column.decryptScope().get()))
                .or(value.isNotNull()
                        .and(encrypted.not())
                        .and(column.encryptScope().get()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private long walk(EncryptedColumn column, long doneBefore, long total) {
        var decrypt =
                DSL.field(DSL.when(column.decryptScope().get(), DSL.inline(1)).else_(DSL.inline(0)));
        var select = new ArrayList<Field<?>>(column.key());
        select.add(column.value());
        select.add(decrypt.as("decrypt"));
        Object[] after = null;
        long done = doneBefore;
        while (true) {
            var condition = pending(column);
            if (after != null) {
                condition = condition.and(DSL.row(column.key()).gt(DSL.row(after)));
            }
            var finalCondition = condition;
            var batch = db.select(select)
                    .from(column.table())
                    .where(finalCondition)
                    .orderBy(column.key())
                    .limit(batchSize)
                    .fetch();
            if (batch.isEmpty()) {
                return done;
            }
            int written = transactions.execute(status -> {
                int n = 0;
                for (Record r : batch) {
                    var old = r.get(column.value());
                    String next;
                    if (FieldCipher.isEncrypted(old)) {
                        var plain = cipher.decrypt(column.name(), old);
                        next = r.get("decrypt", Integer.class) == 1 ? plain : cipher.encrypt(column.name(), plain);
                    } else {
                        next = cipher.encrypt(column.name(), old);
                    }
                    Condition same = column.value().eq(old);
                    for (var key : column.key()) {
                        same = same.and(((Field) key).eq(r.get(key)));
                    }
                    n += db.update(column.table())
                            .set(column.value(), next)
                            .where(same)
                            .execute();
                }
                return n;
            });
            done += written;
            var last = batch.getLast();
            after = column.key().stream().map(last::get).toArray();
            progress = new Progress(true, column.name(), done, total, progress.finishedAt(), null);
        }
    }
}
