package dev.dossier.shared.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The installation's current key ring: from the environment ({@code DOSSIER_KEYS}, the text form of
 * {@link KeyRing}) when set, otherwise from the key file ({@code dossier.keys.file}), which is created on first
 * start. A key file changed by {@code --dossier.keys.rotate} while the application runs is picked up by
 * {@link #reloadIfChanged()}.
 */
@Component
public class Keys {

    private final Path file;
    private final boolean fromEnvironment;
    private volatile KeyRing ring;
    private volatile FileTime loadedAt;

    @Autowired
    public Keys(@Value("${dossier.keys:}") String environment,
            @Value("${dossier.keys.file:./data/keys/dossier.keys}") String file) {
        this.file = Path.of(file);
        this.fromEnvironment = environment != null && !environment.isBlank();
        if (fromEnvironment) {
            try {
                this.ring = KeyRing.parse(environment);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("DOSSIER_KEYS is not a valid key ring: " + e.getMessage(), e);
            }
        } else {
            this.ring = KeyFile.readOrCreate(this.file);
            this.loadedAt = modified();
        }
    }

    /** A ring held in memory only (tests and tools). */
    public Keys(KeyRing ring) {
        this.file = null;
        this.fromEnvironment = true;
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
        return fromEnvironment ? "DOSSIER_KEYS" : file.toAbsolutePath().normalize().toString();
    }

    /** Adds a new primary key to the key file; values are re-encrypted with it by the background job. */
    public synchronized KeyRing rotate() {
        if (fromEnvironment) {
            throw new IllegalStateException("The keys come from DOSSIER_KEYS: add the new key there");
        }
        ring = KeyFile.rotate(file);
        loadedAt = modified();
        return ring;
    }

    /** Reads the key file again when it changed since it was read; returns whether it did. */
    public synchronized boolean reloadIfChanged() {
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
                throw new IllegalStateException("The key file lost audit key " + id + ", which seals entries of the trail");
            }
        }
        ring = next;
        loadedAt = modified;
        return true;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
