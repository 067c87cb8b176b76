package dev.dossier.exchange;

import dev.dossier.jobs.Recurring;
import dev.dossier.shared.AccessEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backups of this installation: made on request, on a schedule ({@code dossier.backup.cron}) or from the command
 * line, kept in {@code dossier.backup.directory} (the newest {@code dossier.backup.keep}), and restored.
 */
@Service
class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    static final Pattern NAME = Pattern.compile("dossier-\\d{8}-\\d{6}-\\d{3}\\.zip");

    /**
     * An archive in the backup directory.
     *
     * @param name file name
     * @param createdAt when its snapshot was taken
     * @param size bytes
     * @param schemaVersion schema version of its data
     * @param rows rows it holds
     * @param source the database it came from
     */
    record Entry(String name, OffsetDateTime createdAt, long size, String schemaVersion, long rows, String source) {}

    /**
     * What the backup running now, or the last one, did.
     *
     * @param running whether one is running
     * @param table the table being read
     * @param rows rows written so far
     * @param finished the archive of the last backup that finished, if it worked
     * @param error why the last backup failed, if it did
     */
    record Status(boolean running, String table, long rows, String finished, String error) {}

    private final DataSource dataSource;
    private final Flyway flyway;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Path directory;
    private final int keep;
    private final String cron;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Status status = new Status(false, null, 0, null, null);

    Backups(
            DataSource dataSource,
            Flyway flyway,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            @Value("${dossier.backup.directory:./data/backups}") Path directory,
            @Value("${dossier.backup.keep:14}") int keep,
            @Value("${dossier.backup.cron:-}") String cron) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.events = events;
        this.transactions = transactions;
        this.directory = directory;
        this.keep = Math.max(1, keep);
        this.cron = cron;
    }

    Path directory() {
        return directory;
    }

    int keep() {
        return keep;
    }

    /** The schedule, or null when scheduled backups are off. */
    String schedule() {
        return cron == null || cron.isBlank() || cron.equals("-") ? null : cron;
    }

    Status status() {
        return status;
    }

    /** Writes a backup of the database to {@code target} (replaced only once complete) and records the export. */
    Archive.Manifest writeTo(Path target, UUID byUserId) {
        acquire();
        try {
            return writeHeld(target, byUserId);
        } finally {
            running.set(false);
        }
    }

    private void acquire() {
        if (!running.compareAndSet(false, true)) {
            throw new ArchiveException("A backup is already running.");
        }
        status = new Status(true, null, 0, null, null);
    }

    private Archive.Manifest writeHeld(Path target, UUID byUserId) {
        try {
            var manifest = write(target);
            status = new Status(
                    false, null, manifest.rows(), target.getFileName().toString(), null);
            exported(byUserId, manifest.rows(), "backup " + target.getFileName());
            return manifest;
        } catch (RuntimeException e) {
            status = new Status(false, null, 0, null, e.getMessage());
            throw e;
        }
    }

    private Archive.Manifest write(Path target) {
        try {
            var parent = target.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                ownerOnly(parent, "rwx------");
            }
            var partial = parent.resolve(target.getFileName() + ".part");
            try {
                // An archive holds every record: readable by its owner only, from its first byte.
                Files.deleteIfExists(partial);
                Files.createFile(partial);
                ownerOnly(partial, "rw-------");
                Archive.Manifest manifest;
                try (var out = Files.newOutputStream(partial)) {
                    manifest = new BackupWriter(dataSource)
                            .write(
                                    new java.io.BufferedOutputStream(out, 1 << 16),
                                    (table, tableRows, totalRows) ->
                                            status = new Status(true, table, totalRows, null, null));
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return manifest;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ArchiveException("Writing the backup to " + target + " failed: " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        }
    }

    /** Makes a backup in the backup directory and removes the oldest beyond the number kept. */
    Entry backUp(UUID byUserId) {
        acquire();
        try {
            return backUpHeld(byUserId);
        } finally {
            running.set(false);
        }
    }

    private Entry backUpHeld(UUID byUserId) {
        var name = "dossier-" + STAMP.format(OffsetDateTime.now(ZoneOffset.UTC)) + ".zip";
        writeHeld(directory.resolve(name), byUserId);
        prune();
        return entry(directory.resolve(name)).orElseThrow();
    }

    /** Starts a backup in the background; false if one is running. */
    boolean start(UUID byUserId) {
        try {
            acquire();
        } catch (ArchiveException e) {
            return false;
        }
        Thread.ofVirtual().name("backup").start(() -> {
            try {
                backUpHeld(byUserId);
            } catch (RuntimeException e) {
                log.error("Backup failed: {}", e.getMessage(), e);
            } finally {
                running.set(false);
            }
        });
        return true;
    }

    @Recurring(name = "backup", cron = "${dossier.backup.cron:-}")
    void scheduled() {
        var entry = backUp(null);
        log.info("Scheduled backup {}: {} rows, {} bytes.", entry.name(), entry.rows(), entry.size());
    }

    /** Deletes the archives beyond the newest {@code keep}; returns how many. */
    int prune() {
        var names = names();
        int deleted = 0;
        for (int i = keep; i < names.size(); i++) {
            try {
                Files.deleteIfExists(directory.resolve(names.get(i)));
                deleted++;
            } catch (IOException e) {
                log.warn("Could not delete the old backup {}: {}", names.get(i), e.getMessage());
            }
        }
        return deleted;
    }

    /** Archive names in the backup directory, newest first. */
    private List<String> names() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted(Comparator.reverseOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The archives in the backup directory, newest first. */
    List<Entry> list() {
        var entries = new ArrayList<Entry>();
        for (var name : names()) {
            entry(directory.resolve(name)).ifPresent(entries::add);
        }
        return entries;
    }

    /** The archive named {@code name} in the backup directory, if there is one. */
    Optional<Entry> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return entry(directory.resolve(name));
    }

    Path path(Entry entry) {
        return directory.resolve(entry.name());
    }

    private static Optional<Entry> entry(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (var zip = new ZipFile(path.toFile())) {
            var manifestEntry = zip.getEntry(Archive.MANIFEST);
            if (manifestEntry == null) {
                return Optional.empty();
            }
            Archive.Manifest manifest;
            try (var in = zip.getInputStream(manifestEntry)) {
                manifest = Archive.JSON.readValue(in, Archive.Manifest.class);
            }
            return Optional.of(new Entry(
                    path.getFileName().toString(),
                    OffsetDateTime.parse(manifest.createdAt()),
                    Files.size(path),
                    manifest.schemaVersion(),
                    manifest.rows(),
                    manifest.sourceDatabase()));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Entry(path.getFileName().toString(), null, sizeOf(path), null, -1, null));
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Records that someone took the archive out of Dossier. */
    void downloaded(Entry entry, UUID byUserId) {
        exported(byUserId, entry.rows(), "download of backup " + entry.name());
    }

    private void exported(UUID byUserId, long rows, String description) {
        // Inside a transaction, so that listeners of the audit trail receive it through the publication registry.
        transactions.executeWithoutResult(
                s -> events.publishEvent(new AccessEvents.DataExported(byUserId, "backup", rows, description)));
    }

    /** Restores {@code archive} into this installation's database, which must be empty. */
    Restorer.Result restore(Path archive) {
        return new Restorer(dataSource, flyway.getConfiguration()).restore(archive, BackupWriter.Progress.NONE);
    }
}
