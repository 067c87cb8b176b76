package dev.dossier.shared;

/** Record versions as HTTP entity tags, and the version an {@code If-Match} header or a payload asks to update. */
public final class ETags {

    private ETags() {}

    public static String of(int version) {
        return "\"" + version + "\"";
    }

    /**
     * The version the client edited: from {@code If-Match} if given (weak or strong), otherwise from the payload.
     *
     * @throws PreconditionFailedException if neither names one, or If-Match is not a version of ours
     */
    public static int expectedVersion(String ifMatch, Integer payloadVersion, int currentVersion) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            var tag = ifMatch.strip();
            if (tag.equals("*")) {
                return currentVersion;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            tag = tag.replace("\"", "");
            try {
                int version = Integer.parseInt(tag);
                if (version != currentVersion) {
                    throw PreconditionFailedException.mismatch(currentVersion);
                }
                return version;
            } catch (NumberFormatException e) {
                throw PreconditionFailedException.mismatch(currentVersion);
            }
        }
        if (payloadVersion != null) {
            return payloadVersion;
        }
        throw PreconditionFailedException.absent();
    }
}
