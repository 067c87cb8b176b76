package dev.dossier.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key file: read, created with a fresh key when absent, and rotated; readable by its owner only. */
final class KeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    private KeyFile() {}

    /** The ring in {@code file}, creating the file with a fresh key when there is none. */
    static synchronized KeyRing readOrCreate(Path file) {
        if (!Files.exists(file)) {
            var ring = KeyRing.generate();
            write(file, ring, false);
            LOG.warn(
                    "Created the encryption key file {} with a new key. Back it up now, and keep the copy apart from "
                            + "the database backups: without it the encrypted customer data cannot be read.",
                    file.toAbsolutePath());
            return ring;
        }
        return read(file);
    }

    static KeyRing read(Path file) {
        try {
            return KeyRing.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file.toAbsolutePath(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "The key file " + file.toAbsolutePath() + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Adds a new primary key to the file (creating the file when absent) and returns the new ring. */
    static synchronized KeyRing rotate(Path file) {
        var ring = (Files.exists(file) ? read(file) : readOrCreate(file)).withNewPrimary();
        write(file, ring, true);
        LOG.warn(
                "Added encryption key {} to {} as the primary key; values are re-encrypted in the background. "
                        + "Back the key file up again.",
                ring.primary().id(),
                file.toAbsolutePath());
        return ring;
    }

    /** Writes through a temporary file in the same directory, so that a crash leaves the old or the new file. */
    private static void write(Path file, KeyRing ring, boolean replace) {
        try {
            var dir = file.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                restrict(dir, "rwx------");
            }
            var temp = dir.resolve(file.getFileName() + ".new");
            Files.deleteIfExists(temp);
            Files.createFile(temp);
            restrict(temp, "rw-------");
            Files.writeString(temp, ring.format(), StandardCharsets.UTF_8);
            if (!replace && Files.exists(file)) {
                Files.delete(temp);
                throw new FileAlreadyExistsException(file.toString());
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the key file " + file.toAbsolutePath(), e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
