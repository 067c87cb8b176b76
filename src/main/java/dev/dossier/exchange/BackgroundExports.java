package dev.dossier.exchange;

import static dev.dossier.db.Tables.EXPORT_CHUNK;
import static dev.dossier.db.Tables.EXPORT_JOB;

import dev.dossier.db.tables.records.ExportJobRecord;
import dev.dossier.identity.CurrentUser;
import dev.dossier.jobs.Recurring;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.ExportJobs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.shared.TableFile;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Exports written in the background ({@link ExportJobs}). The file goes into the database as it is written, a chunk
 * of a megabyte at a time, encrypted like an import's file, so that any instance can serve the download; the job's
 * row counts the rows written every two seconds, so the page shows progress. A run is a virtual thread of the instance
 * that started it, at most two at a time an instance, as the user who asked (their rights as they were then). A run
 * whose instance stopped stops moving: after five minutes without progress it is marked failed, and the user starts it
 * again. Files are removed when they expire (after seven days by default). The user is notified when a file is ready.
 */
@Component
class BackgroundExports implements ExportJobs {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundExports.class);
    static final String CHUNK_COLUMN = "export_chunk.data";
    /** The filter may name a person (a search for a name or a phone number): it is kept encrypted too. */
    static final String DESCRIPTION_COLUMN = "export_job.description";

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Duration STALE_AFTER = Duration.ofMinutes(5);

    /** Where an export stands. */
    enum State {
        RUNNING,
        DONE,
        FAILED
    }

    private final DSLContext db;
    private final FieldCipher cipher;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration keep;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore running = new Semaphore(2);

    BackgroundExports(
            DSLContext db,
            FieldCipher cipher,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${dossier.exports.keep:7d}") Duration keep) {
        this.db = db;
        this.cipher = cipher;
        this.events = events;
        this.clock = clock;
        this.keep = keep;
    }

    @Override
    public UUID start(String kind, String fileName, String contentType, String description, Writer writer) {
        var user = CurrentUser.actor().userId();
        var id = UUID.randomUUID();
        var now = OffsetDateTime.now(clock);
        db.insertInto(EXPORT_JOB)
                .set(EXPORT_JOB.ID, id)
                .set(EXPORT_JOB.KIND, kind)
                .set(EXPORT_JOB.FILE_NAME, fileName)
                .set(EXPORT_JOB.CONTENT_TYPE, contentType)
                .set(EXPORT_JOB.DESCRIPTION, cipher.encrypt(DESCRIPTION_COLUMN, clip(description, 1000)))
                .set(EXPORT_JOB.STATE, State.RUNNING.name())
                .set(EXPORT_JOB.CREATED_BY, user)
                .set(EXPORT_JOB.CREATED_AT, now)
                .set(EXPORT_JOB.UPDATED_AT, now)
                .set(EXPORT_JOB.EXPIRES_AT, now.plus(keep))
                .execute();
        var security = SecurityContextHolder.getContext();
        var locale = LocaleContextHolder.getLocaleContext();
        runs.submit(() -> {
            SecurityContextHolder.setContext(security);
            LocaleContextHolder.setLocaleContext(locale);
            try {
                running.acquire();
                try {
                    run(id, user, fileName, writer);
                } finally {
                    running.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                SecurityContextHolder.clearContext();
                LocaleContextHolder.resetLocaleContext();
            }
        });
        return id;
    }

    private void run(UUID id, UUID user, String fileName, Writer writer) {
        try (var out = new ChunkStream(id)) {
            long rows = writer.write(out);
            out.close();
            db.update(EXPORT_JOB)
                    .set(EXPORT_JOB.STATE, State.DONE.name())
                    .set(EXPORT_JOB.ROWS_DONE, rows)
                    .set(EXPORT_JOB.FILE_SIZE, out.size)
                    .set(EXPORT_JOB.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(EXPORT_JOB.FINISHED_AT, OffsetDateTime.now(clock))
                    .where(EXPORT_JOB.ID.eq(id))
                    .execute();
            events.publishEvent(new NotificationRequested(
                    Set.of(user),
                    "export-ready",
                    "notification.export.ready",
                    List.of(fileName, Long.toString(rows)),
                    "/exports",
                    null,
                    null,
                    "export:" + id));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Export {} failed", id, e);
            db.deleteFrom(EXPORT_CHUNK).where(EXPORT_CHUNK.EXPORT_ID.eq(id)).execute();
            db.update(EXPORT_JOB)
                    .set(EXPORT_JOB.STATE, State.FAILED.name())
                    .set(
                            EXPORT_JOB.ERROR,
                            e instanceof org.springframework.security.access.AccessDeniedException
                                    ? "export.error.denied"
                                    : "export.error.failed")
                    .set(EXPORT_JOB.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(EXPORT_JOB.FINISHED_AT, OffsetDateTime.now(clock))
                    .where(EXPORT_JOB.ID.eq(id))
                    .execute();
        }
    }

    /** Stops the runs of this instance when it shuts down; the clean-up marks them failed later. */
    @jakarta.annotation.PreDestroy
    void stop() {
        runs.shutdownNow();
    }

    /** The current user's exports, newest first. */
    List<ExportJobRecord> mine() {
        return db.selectFrom(EXPORT_JOB)
                .where(EXPORT_JOB.CREATED_BY.eq(CurrentUser.actor().userId()))
                .orderBy(EXPORT_JOB.CREATED_AT.desc(), EXPORT_JOB.ID.desc())
                .limit(50)
                .fetch()
                .map(this::readable);
    }

    /** The job as read, its filter decrypted (the record is not stored again). */
    private ExportJobRecord readable(ExportJobRecord job) {
        job.setDescription(cipher.decrypt(DESCRIPTION_COLUMN, job.getDescription()));
        return job;
    }

    /** One of the current user's exports; not found for anyone else's. */
    ExportJobRecord get(UUID id) {
        var job = db.selectFrom(EXPORT_JOB)
                .where(EXPORT_JOB.ID.eq(id))
                .and(EXPORT_JOB.CREATED_BY.eq(CurrentUser.actor().userId()))
                .fetchOne();
        if (job == null) {
            throw new NotFoundException("export");
        }
        return readable(job);
    }

    /** Writes a finished export's file into {@code out}, a chunk at a time. */
    void download(ExportJobRecord job, OutputStream out) throws IOException {
        for (int seq = 0; ; seq++) {
            var data = db.select(EXPORT_CHUNK.DATA)
                    .from(EXPORT_CHUNK)
                    .where(EXPORT_CHUNK.EXPORT_ID.eq(job.getId()))
                    .and(EXPORT_CHUNK.SEQ.eq(seq))
                    .fetchOne(EXPORT_CHUNK.DATA);
            if (data == null) {
                return;
            }
            out.write(Base64.getDecoder().decode(cipher.decrypt(CHUNK_COLUMN, data)));
        }
    }

    /** Removes one of the current user's exports and its file. */
    void delete(UUID id) {
        var job = get(id);
        db.deleteFrom(EXPORT_JOB).where(EXPORT_JOB.ID.eq(job.getId())).execute();
    }

    /** Removes expired files and marks runs that stopped moving (their instance stopped) as failed. */
    @Recurring(name = "export-cleanup", fixedDelay = "${dossier.exports.cleanup:1m}")
    void cleanUp() {
        var now = OffsetDateTime.now(clock);
        db.deleteFrom(EXPORT_JOB).where(EXPORT_JOB.EXPIRES_AT.lt(now)).execute();
        var stale = db.select(EXPORT_JOB.ID)
                .from(EXPORT_JOB)
                .where(EXPORT_JOB.STATE.eq(State.RUNNING.name()))
                .and(EXPORT_JOB.UPDATED_AT.lt(now.minus(STALE_AFTER)))
                .fetch(EXPORT_JOB.ID);
        for (var id : stale) {
            db.deleteFrom(EXPORT_CHUNK).where(EXPORT_CHUNK.EXPORT_ID.eq(id)).execute();
            db.update(EXPORT_JOB)
                    .set(EXPORT_JOB.STATE, State.FAILED.name())
                    .set(EXPORT_JOB.ERROR, "export.error.interrupted")
                    .set(EXPORT_JOB.FINISHED_AT, now)
                    .where(EXPORT_JOB.ID.eq(id))
                    .and(EXPORT_JOB.STATE.eq(State.RUNNING.name()))
                    .execute();
        }
    }

    private static String clip(String text, int max) {
        return text == null ? "" : text.length() <= max ? text : text.substring(0, max);
    }

    /** The file as it is written: encrypted chunks of a megabyte, and the rows counted into the job's progress. */
    private final class ChunkStream extends OutputStream implements TableFile.RowCounter {
        private final UUID id;
        private final byte[] buffer = new byte[ImportFiles.CHUNK_BYTES];
        private int used;
        private int seq;
        private long size;
        private long rows;
        private long reported = System.nanoTime();
        private boolean closed;

        ChunkStream(UUID id) {
            this.id = id;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                flushChunk();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void row() {
            rows++;
            if (System.nanoTime() - reported > PROGRESS_EVERY.toNanos()) {
                reported = System.nanoTime();
                db.update(EXPORT_JOB)
                        .set(EXPORT_JOB.ROWS_DONE, rows)
                        .set(EXPORT_JOB.FILE_SIZE, size + used)
                        .set(EXPORT_JOB.UPDATED_AT, OffsetDateTime.now(clock))
                        .where(EXPORT_JOB.ID.eq(id))
                        .execute();
            }
        }

        private void flushChunk() {
            if (used == 0) {
                return;
            }
            var data = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer, used));
            db.insertInto(EXPORT_CHUNK)
                    .set(EXPORT_CHUNK.EXPORT_ID, id)
                    .set(EXPORT_CHUNK.SEQ, seq++)
                    .set(EXPORT_CHUNK.DATA, cipher.encrypt(CHUNK_COLUMN, data))
                    .execute();
            size += used;
            used = 0;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                flushChunk();
            }
        }
    }
}
