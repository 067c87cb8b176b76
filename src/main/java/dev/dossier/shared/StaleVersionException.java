package dev.dossier.shared;

/** An edit was made on a version of a record that someone else has changed since. */
public class StaleVersionException extends RuntimeException {

    private final int currentVersion;

    public StaleVersionException(String what, int currentVersion) {
        super(what + " was changed by someone else (now at version " + currentVersion + ")");
        this.currentVersion = currentVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
