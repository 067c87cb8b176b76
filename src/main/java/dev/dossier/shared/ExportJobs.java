package dev.dossier.shared;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Exports written in the background: a list too long to wait for is written into a file kept for its reader, with
 * its progress, and downloaded when it is done. The writer runs as the user who asked, with the rights they had then,
 * so it passes the same access checks as a download would.
 */
public interface ExportJobs {

    /**
     * The answer to a request for a background export.
     *
     * @param id the export
     * @param status where to follow it: its state, its progress, and then its file
     */
    record Started(UUID id, String status) {}

    /** 202 Accepted, with the export's address as Location. */
    static org.springframework.http.ResponseEntity<Started> accepted(UUID id) {
        var status = "/api/v1/exports/" + id;
        return org.springframework.http.ResponseEntity.accepted()
                .location(java.net.URI.create(status))
                .body(new Started(id, status));
    }

    /** Writes the file into the stream; answers how many rows. */
    @FunctionalInterface
    interface Writer {
        long write(OutputStream out) throws IOException;
    }

    /**
     * Starts writing a file in the background as the current user.
     *
     * @param kind what is exported, e.g. {@code customers}
     * @param fileName the download's name
     * @param contentType the download's type
     * @param description the filter, for people to read
     * @param writer what writes the file
     * @return the export's id
     */
    UUID start(String kind, String fileName, String contentType, String description, Writer writer);
}
