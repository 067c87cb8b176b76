package dev.dossier.shared;

/** An update without a usable If-Match precondition: missing (428) or not matching (412). */
public class PreconditionFailedException extends RuntimeException {

    private final boolean missing;
    private final Integer currentVersion;

    private PreconditionFailedException(boolean missing, Integer currentVersion) {
        super(missing ? "If-Match or version required" : "If-Match does not match the current version");
        this.missing = missing;
        this.currentVersion = currentVersion;
    }

    public static PreconditionFailedException absent() {
        return new PreconditionFailedException(true, null);
    }

    public static PreconditionFailedException mismatch(int currentVersion) {
        return new PreconditionFailedException(false, currentVersion);
    }

    public boolean missing() {
        return missing;
    }

    public Integer currentVersion() {
        return currentVersion;
    }
}
