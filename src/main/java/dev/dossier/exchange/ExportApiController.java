package dev.dossier.exchange;

import dev.dossier.db.tables.records.ExportJobRecord;
import dev.dossier.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exports written in the background, over REST: {@code /api/v1/exports}. They are started with {@code POST} on a
 * list's export ({@code /api/v1/customers/export}, …); each caller sees and downloads only their own.
 */
@RestController
@RequestMapping("/api/v1/exports")
@Tag(name = "Exports", description = "Lists written into files in the background, their progress and their downloads")
@SecurityRequirement(name = "bearer")
@Permission.SelfService
class ExportApiController {

    /**
     * An export as the API shows it.
     *
     * @param state RUNNING, DONE or FAILED
     * @param rowsDone rows written so far
     * @param fileSize bytes written so far
     * @param error what went wrong (a message key), or null
     * @param file where to download it once it is DONE
     */
    record ExportResource(
            UUID id,
            String kind,
            String fileName,
            String description,
            String state,
            long rowsDone,
            long fileSize,
            String error,
            OffsetDateTime createdAt,
            OffsetDateTime finishedAt,
            OffsetDateTime expiresAt,
            String file) {

        static ExportResource of(ExportJobRecord r) {
            return new ExportResource(
                    r.getId(),
                    r.getKind(),
                    r.getFileName(),
                    r.getDescription(),
                    r.getState(),
                    r.getRowsDone(),
                    r.getFileSize(),
                    r.getError(),
                    r.getCreatedAt(),
                    r.getFinishedAt(),
                    r.getExpiresAt(),
                    "/api/v1/exports/" + r.getId() + "/file");
        }
    }

    private final BackgroundExports exports;

    ExportApiController(BackgroundExports exports) {
        this.exports = exports;
    }

    @GetMapping
    @Operation(summary = "My exports", description = "The caller's exports, newest first (the last 50).")
    List<ExportResource> list() {
        return exports.mine().stream().map(ExportResource::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "An export", description = "Its state and progress.")
    ExportResource get(@PathVariable UUID id) {
        return ExportResource.of(exports.get(id));
    }

    @GetMapping("/{id}/file")
    @Operation(summary = "Download an export's file", description = "Once it is DONE; 409 before.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "The file",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "application/octet-stream",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")))
    void file(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        download(exports, id, response);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an export", description = "Its file goes at once.")
    void delete(@PathVariable UUID id) {
        exports.delete(id);
    }

    /** Sends a finished export's file (the page's and the API's download). */
    static void download(BackgroundExports exports, UUID id, HttpServletResponse response) throws IOException {
        var job = exports.get(id);
        if (!BackgroundExports.State.DONE.name().equals(job.getState())) {
            throw new org.springframework.web.server.ResponseStatusException(
                    HttpStatus.CONFLICT, "The export is not done yet");
        }
        response.setContentType(job.getContentType());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(job.getFileName(), java.nio.charset.StandardCharsets.UTF_8)
                        .build()
                        .toString());
        exports.download(job, response.getOutputStream());
    }
}
