package dev.dossier.notes;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.Subject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Comments on any subject over REST: {@code /api/v1/comments}. */
@RestController
@Tag(name = "Comments", description = "Comments on any subject, with @mentions")
@SecurityRequirement(name = "bearer")
class CommentApiController {

    /**
     * A comment to post or change.
     *
     * @param subject what it is on, e.g. {@code note:…} (on posting)
     * @param body plain text; {@code @username} tells that user
     * @param version the version as read (on changing)
     */
    @Schema(requiredProperties = {"body"})
    record CommentPayload(String subject, String body, Integer version) {}

    /**
     * A comment as the API shows it.
     *
     * @param id id
     * @param subject what it is on
     * @param customerId the subject's customer
     * @param authorId author
     * @param body text
     * @param createdAt posted
     * @param editedAt last change
     * @param version version
     */
    record CommentResource(
            UUID id,
            String subject,
            UUID customerId,
            UUID authorId,
            String body,
            OffsetDateTime createdAt,
            OffsetDateTime editedAt,
            int version) {

        static CommentResource of(Comments.Comment c) {
            return new CommentResource(
                    c.id(),
                    c.subject().toString(),
                    c.customerId(),
                    c.authorId(),
                    c.body(),
                    c.createdAt(),
                    c.editedAt(),
                    c.version());
        }
    }

    private final Comments comments;

    CommentApiController(Comments comments) {
        this.comments = comments;
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/comments")
    @Operation(summary = "Comments on a subject", description = "Oldest first.")
    List<CommentResource> list(@RequestParam String subject) {
        return comments.on(Subject.parse(subject)).stream()
                .map(CommentResource::of)
                .toList();
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/comments")
    @Operation(summary = "Post a comment", description = "A mention of an unknown user is refused; nothing is saved.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CommentResource> post(@RequestBody CommentPayload payload) {
        var comment =
                comments.post(payload.subject() == null ? null : Subject.parse(payload.subject()), payload.body());
        return ResponseEntity.created(URI.create("/api/v1/comments/" + comment.id()))
                .body(CommentResource.of(comment));
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/comments/{id}")
    @Operation(summary = "Change a comment", description = "Only its author may; needs the version as read.")
    CommentResource edit(@PathVariable UUID id, @RequestBody CommentPayload payload) {
        return CommentResource.of(
                comments.edit(id, NoteApiController.requireVersion(payload.version()), payload.body()));
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.DELETE)
    @DeleteMapping("/api/v1/comments/{id}")
    @Operation(summary = "Delete a comment")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        comments.delete(id);
        return ResponseEntity.noContent().build();
    }
}
