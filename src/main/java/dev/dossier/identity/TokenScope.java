package dev.dossier.identity;

/** What a personal API token may do: only read (GET and HEAD), or read and write. */
public enum TokenScope {
    READ_ONLY,
    READ_WRITE;

    /** Whether a request with this HTTP method is within the scope. */
    boolean permits(String method) {
        return this == READ_WRITE || "GET".equals(method) || "HEAD".equals(method);
    }
}
