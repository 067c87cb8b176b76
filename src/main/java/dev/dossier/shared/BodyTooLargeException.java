package dev.dossier.shared;

import java.io.IOException;

/** A request body sent without a length turned out larger than allowed. */
class BodyTooLargeException extends IOException {

    private final long maxBytes;

    BodyTooLargeException(long maxBytes) {
        super("Request body larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }
}
