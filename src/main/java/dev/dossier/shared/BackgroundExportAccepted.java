package dev.dossier.shared;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Documents an API operation that starts an export in the background ({@link ExportJobs}): 202 and where to follow it. */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(
        responseCode = "202",
        description = "Started: follow it at the Location (GET /api/v1/exports/{id})",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExportJobs.Started.class)))
public @interface BackgroundExportAccepted {}
