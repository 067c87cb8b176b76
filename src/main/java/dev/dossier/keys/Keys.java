package dev.dossier.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The installation's current key ring: from the environment ({@code DOSSIER_KEYS}, the text form of
 * {@link KeyRing}) when set, otherwise from the key file ({@code dossier.keys.file}), which is created on first
 * start. A key file changed by {@code --dossier.keys.rotate} while the application runs is picked up by
 * {@link #reloadIfChanged()}.
 *
 * <p>The database records the keys its values need ({@link KeyRegistry}). A start whose keys lack one of them, or
 * hold another key under its id (say, a key file generated afresh because the default location is relative to
 * another working directory), is refused with a message naming the keys and where they were looked for; no key
 * file is generated for a database that already needs keys.
 */
@Component
public class Keys {

    private static final Logger LOG = LoggerFactory.getLogger(Keys.class);

    private final Path file;
    private final boolean fromEnvironment;
    private final KeyRegistry registry;
    private volatile KeyRing ring;
    private volatile FileTime loadedAt;

    @Autowired
    Keys(
            @Value("${dossier.keys:}") String environment,
            @Value("${dossier.keys.file:./data/keys/dossier.keys}") String file,
            DSLContext db) {
        this.file = Path.of(file);
        this.fromEnvironment = environment != null && !environment.isBlank();
        this.registry = db == null ? null : new KeyRegistry(db);
        var needed = registry == null ? Map.<String, String>of() : registry.needed();
        if (fromEnvironment) {
            try {
                this.ring = KeyRing.parse(environment);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("DOSSIER_KEYS is not a valid key ring: " + e.getMessage(), e);
            }
        } else if (Files.exists(this.file) || needed.isEmpty()) {
            this.ring = KeyFile.readOrCreate(this.file);
            this.loadedAt = modified();
        } else {
            throw refused(
                    needed.keySet().stream()
                            .map(id -> KeyRegistry.describe(id) + " is missing")
                            .toList(),
                    needed);
        }
        var problems = KeyRegistry.problems(ring, needed);
        if (problems.isEmpty() && registry != null) {
            // Again after recording: another instance may have recorded other keys meanwhile.
            needed = registry.register(ring);
            problems = KeyRegistry.problems(ring, needed);
        }
        if (!problems.isEmpty()) {
            throw refused(problems, needed);
        }
    }

    /** Keys read without a database to check them against (tools and tests). */
    Keys(String environment, String file) {
        this(environment, file, null);
    }

    /** A ring held in memory only (tests and tools). */
    Keys(KeyRing ring) {
        this.file = null;
        this.fromEnvironment = true;
        this.registry = null;
        this.ring = ring;
    }

    public KeyRing ring() {
        return ring;
    }

    /** Whether a new key can be added here (keys from the environment are changed where they are set). */
    public boolean rotatable() {
        return !fromEnvironment;
    }

    /** Where the keys come from, for the administrator: the key file's path or the environment. */
    public String source() {
        return fromEnvironment
                ? "DOSSIER_KEYS"
                : file.toAbsolutePath().normalize().toString();
    }

    /** Adds a new primary key to the key file; values are re-encrypted with it by the background job. */
    public synchronized KeyRing rotate() {
        if (fromEnvironment) {
            throw new IllegalStateException("The keys come from DOSSIER_KEYS: add the new key there");
        }
        var next = KeyFile.rotate(file);
        record(next);
        ring = next;
        loadedAt = modified();
        return ring;
    }

    /** Reads the key file again when it changed since it was read; returns whether it did. */
    synchronized boolean reloadIfChanged() {
        if (fromEnvironment) {
            return false;
        }
        var modified = modified();
        if (modified == null || modified.equals(loadedAt)) {
            return false;
        }
        var next = KeyFile.read(file);
        for (var key : ring.keys()) {
            if (next.key(key.id()) == null) {
                throw new IllegalStateException("The key file lost key " + key.id() + ", which values may still use");
            }
        }
        for (var id : ring.chainKeyIds()) {
            if (next.chainKey(id) == null) {
                throw new IllegalStateException(
                        "The key file lost audit key " + id + ", which seals entries of the trail");
            }
        }
        record(next);
        ring = next;
        loadedAt = modified;
        return true;
    }

    /** Records a ring's keys in the database before any value is encrypted with them. */
    private void record(KeyRing next) {
        if (registry != null) {
            var needed = registry.register(next);
            var problems = KeyRegistry.problems(next, needed);
            if (!problems.isEmpty()) {
                // Another instance recorded keys this one lacks, such as its own rotation under the same id.
                throw refused(problems, needed);
            }
        }
    }

    private String location() {
        return file.toAbsolutePath().normalize().toString();
    }

    private IllegalStateException refused(List<String> problems, Map<String, String> needed) {
        var source = fromEnvironment
                ? "DOSSIER_KEYS"
                : "the key file " + location() + (Files.exists(file) ? "" : " (absent)");
        var message = KeyRegistry.refusal(problems, needed, source);
        LOG.error(message);
        return new IllegalStateException(message);
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
