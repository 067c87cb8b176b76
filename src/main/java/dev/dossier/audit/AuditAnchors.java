package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_HEAD;

import dev.dossier.jobs.Recurring;
import dev.dossier.keys.Seals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Checkpoints of the trail's head written outside the database: each line of {@code audit-anchors.txt} in the
 * anchor directory holds a position in the chain, the hash of the entry there, the time and a signature under the
 * anchor key (kept with the encryption keys). Whoever can write the database but not this file cannot cut the
 * trail short or rewrite it up to an anchored entry unnoticed, even by going back to an old copy of the database.
 *
 * <p>A checkpoint is written on a schedule, on demand and at start, only when the head moved. Instances that share
 * the directory take turns through a lock on the file (and skip a checkpoint another one has just written);
 * instances with directories of their own each keep theirs. The verification checks the latest checkpoint.
 */
@Component
class AuditAnchors {

    static final String FILE = "audit-anchors.txt";
    private static final String HEADER = "# Dossier audit checkpoints: seq, hash of that entry, time, signature. "
            + "Keep a copy apart from the database.\n";

    /**
     * A checkpoint.
     *
     * @param seq the position of the head
     * @param hash the hash of the entry there
     * @param at when it was written
     * @param signature signature under the anchor key
     */
    record Checkpoint(long seq, String hash, Instant at, String signature) {

        static String signed(long seq, String hash, Instant at) {
            return "dossier-audit-checkpoint\n" + seq + "\n" + hash + "\n" + at;
        }

        String line() {
            return seq + " " + hash + " " + at + " " + signature + "\n";
        }

        /** The checkpoint on a line, or null when the line is no checkpoint at all. */
        static Checkpoint parse(String line) {
            var parts = line.strip().split(" ");
            if (parts.length != 4) {
                return null;
            }
            try {
                return new Checkpoint(Long.parseLong(parts[0]), parts[1], Instant.parse(parts[2]), parts[3]);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * The latest checkpoint in the file.
     *
     * @param checkpoint the checkpoint, or null when its line cannot be read
     * @param valid whether it is readable and signed with the anchor key
     */
    record Latest(Checkpoint checkpoint, boolean valid) {}

    private final DSLContext db;
    private final Seals seals;
    private final Clock clock;
    private final Path directory;
    private final boolean verifyMode;

    AuditAnchors(
            DSLContext db,
            Seals seals,
            Clock clock,
            Environment environment,
            @Value("${dossier.audit.anchors.directory:./data/audit-anchors}") String directory) {
        this.db = db;
        this.seals = seals;
        this.clock = clock;
        this.directory = Path.of(directory);
        this.verifyMode = environment.containsProperty(AuditVerifyRunner.OPTION);
    }

    Path file() {
        return directory.resolve(FILE);
    }

    /** Where the checkpoints are kept, for the administrator. */
    String location() {
        return file().toAbsolutePath().normalize().toString();
    }

    /** Writes a checkpoint on the schedule (not in a verification run, which only reads). */
    @Recurring(name = "audit-anchors", fixedDelay = "${dossier.audit.anchors.interval:PT5M}")
    void scheduled() {
        if (!verifyMode) {
            checkpoint();
        }
    }

    /**
     * Writes a checkpoint of the head unless the latest one is of the head already.
     *
     * @return the latest checkpoint afterwards, or empty while the trail is empty
     */
    synchronized Optional<Checkpoint> checkpoint() {
        var head = db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH)
                .from(AUDIT_HEAD)
                .where(AUDIT_HEAD.ID.eq(1))
                .fetchOne();
        if (head == null || head.value1() == 0) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(directory);
            try (var channel = FileChannel.open(
                            file(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    var lock = channel.lock()) {
                // Read through the locked channel: closing another one on the file could release the lock.
                var last = latest(tail(channel));
                if (last != null
                        && last.checkpoint() != null
                        && last.checkpoint().seq() >= head.value1()) {
                    return Optional.of(last.checkpoint());
                }
                var at = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
                var checkpoint = new Checkpoint(
                        head.value1(),
                        head.value2(),
                        at,
                        seals.signCheckpoint(Checkpoint.signed(head.value1(), head.value2(), at)));
                var text = (channel.size() == 0 ? HEADER : "") + checkpoint.line();
                channel.position(channel.size());
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
                return Optional.of(checkpoint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit checkpoint file " + location(), e);
        }
    }

    /** The latest checkpoint, or empty when none was written (or the file is gone). */
    Optional<Latest> latest() {
        if (!Files.exists(file())) {
            return Optional.empty();
        }
        try (var channel = FileChannel.open(file(), StandardOpenOption.READ)) {
            return Optional.ofNullable(latest(tail(channel)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit checkpoint file " + location(), e);
        }
    }

    /** The whole file, to be downloaded and kept elsewhere; empty when there is none yet. */
    byte[] export() {
        try {
            return Files.exists(file()) ? Files.readAllBytes(file()) : HEADER.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit checkpoint file " + location(), e);
        }
    }

    /** The end of the file, enough for its last line: the file grows for ever, a line is under 200 bytes. */
    private static String tail(FileChannel channel) throws IOException {
        long size = channel.size();
        var buffer = ByteBuffer.allocate((int) Math.min(size, 4096));
        long from = size - buffer.capacity();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                break;
            }
        }
        var text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        // Unless the whole file was read, the first line is cut.
        return from == 0 ? text : text.substring(text.indexOf('\n') + 1);
    }

    private Latest latest(String text) {
        String last = null;
        for (var line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                last = line;
            }
        }
        if (last == null) {
            return null;
        }
        var checkpoint = Checkpoint.parse(last);
        boolean valid = checkpoint != null
                && seals.checkpointSigned(
                        Checkpoint.signed(checkpoint.seq(), checkpoint.hash(), checkpoint.at()),
                        checkpoint.signature());
        return new Latest(checkpoint, valid);
    }
}
