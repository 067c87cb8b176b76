package dev.dossier.keys;

import java.nio.file.Path;

/**
 * {@code java -jar dossier.jar --dossier.keys.rotate [--dossier.keys.file=path]}: adds a new primary key to the key
 * file and exits without starting the application. The running application notices the changed file (or the next
 * start reads it) and re-encrypts the values in the background; the old keys stay in the file.
 */
public final class KeyRotationCommand {

    private static final String ROTATE = "--dossier.keys.rotate";
    private static final String FILE = "--dossier.keys.file=";

    private KeyRotationCommand() {}

    public static boolean requested(String[] args) {
        for (var arg : args) {
            if (arg.equals(ROTATE) || arg.equals(ROTATE + "=true")) {
                return true;
            }
        }
        return false;
    }

    /** Rotates the key file named by the arguments, the system property or DOSSIER_KEYS_FILE; returns the exit code. */
    public static int run(String[] args) {
        String file = System.getProperty("dossier.keys.file");
        if (file == null) {
            file = System.getenv("DOSSIER_KEYS_FILE");
        }
        for (var arg : args) {
            if (arg.startsWith(FILE)) {
                file = arg.substring(FILE.length());
            }
        }
        if (file == null || file.isBlank()) {
            file = "./data/keys/dossier.keys";
        }
        var keys = System.getenv("DOSSIER_KEYS");
        if (keys != null && !keys.isBlank()) {
            System.err.println("The keys come from DOSSIER_KEYS, not from a key file: add the new key there.");
            return 2;
        }
        try {
            var ring = KeyFile.rotate(Path.of(file));
            System.out.println("Key " + ring.primary().id() + " is now the primary key in "
                    + Path.of(file).toAbsolutePath().normalize() + ". Back the key file up. Values are re-encrypted "
                    + "in the background by the running application, or at its next start.");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("Could not rotate the keys: " + e.getMessage());
            return 1;
        }
    }
}
