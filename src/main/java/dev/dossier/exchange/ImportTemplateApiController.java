package dev.dossier.exchange;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Saved column templates of imports over REST: {@code /api/v1/import-templates}. */
@RestController
@RequestMapping("/api/v1/import-templates")
@Tag(name = "Imports")
@SecurityRequirement(name = "bearer")
class ImportTemplateApiController {

    /**
     * A header and the field it fills.
     *
     * @param header the header, as compared (lower case, without decoration)
     * @param field the field
     */
    record HeaderField(String header, String field) {}

    /**
     * A saved template.
     *
     * @param id its id
     * @param kind CUSTOMERS or INTERACTIONS: the imports it maps
     * @param name its name
     * @param fields the field of each header
     * @param updatedAt last saved
     */
    record TemplateResource(UUID id, String kind, String name, List<HeaderField> fields, OffsetDateTime updatedAt) {

        static TemplateResource of(ImportTemplates.Template t) {
            return new TemplateResource(
                    t.id(),
                    t.kind(),
                    t.name(),
                    t.fields().entrySet().stream()
                            .map(e -> new HeaderField(e.getKey(), e.getValue()))
                            .toList(),
                    t.updatedAt());
        }
    }

    private final ImportTemplates templates;

    ImportTemplateApiController(ImportTemplates templates) {
        this.templates = templates;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping
    @Operation(summary = "List the saved column templates", description = "Newest first.")
    List<TemplateResource> list() {
        return templates.all().stream().map(TemplateResource::of).toList();
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a saved column template")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        templates.delete(id);
    }
}
