package dev.dossier.exchange;

import dev.dossier.customers.CustomerImport.OnDuplicate;
import dev.dossier.customers.CustomerImport.OwnerRule;
import dev.dossier.exchange.ImportViews.ImportResource;
import dev.dossier.exchange.ImportViews.ProblemResource;
import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Imports of customers over REST: {@code /api/v1/imports}. */
@RestController
@RequestMapping("/api/v1/imports")
@Tag(
        name = "Imports",
        description =
                "Customers brought in from CSV (UTF-8, GBK, GB18030), XLSX and vCard files: upload, map the columns,"
                        + " preview, run in the background, and the problems of each row")
@SecurityRequirement(name = "bearer")
class ImportApiController {

    /**
     * How an import treats its file.
     *
     * @param columns the field of each column by its index (columns left out are not read)
     * @param onDuplicate SKIP, FILL_BLANKS or OVERWRITE
     * @param ownerRule IMPORTER, USER or ROUND_ROBIN: the owner of customers whose row names none
     * @param ownerId the owner for USER
     * @param teamId the team for ROUND_ROBIN
     * @param version the import's version (or send If-Match)
     */
    record SettingsPayload(
            List<ColumnPayload> columns,
            OnDuplicate onDuplicate,
            OwnerRule ownerRule,
            UUID ownerId,
            UUID teamId,
            Integer version) {}

    /**
     * A column's field.
     *
     * @param index the column's position, from 0
     * @param field the field it holds: for customers REFERENCE, TYPE, NAME, COMPANY, CONTACT_NAME, JOB_TITLE,
     *     DEPARTMENT, MOBILE, PHONE, EMAIL, GENDER, BIRTH_DATE, INDUSTRY, WEBSITE, GRADE, LIFECYCLE_STAGE, SOURCE,
     *     REGION, COUNTRY, PROVINCE, CITY, DISTRICT, ADDRESS, POSTAL_CODE, TAGS, OWNER or REMARKS; for interactions
     *     REFERENCE, CUSTOMER_REFERENCE, CUSTOMER_PHONE, CUSTOMER_EMAIL, STARTED_AT, CHANNEL, DIRECTION, DURATION,
     *     SUMMARY, CONTENT, OUTCOME, SATISFACTION or OWNER
     */
    record ColumnPayload(Integer index, String field) {}

    private final Imports imports;
    private final ImportViews views;
    private final ImportTemplates templates;

    ImportApiController(Imports imports, ImportViews views, ImportTemplates templates) {
        this.imports = imports;
        this.views = views;
        this.templates = templates;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping(consumes = MediaType.ALL_VALUE)
    @Operation(
            summary = "Upload a file to import",
            description = "Send the file itself as the body (text/csv, an XLSX workbook, or"
                    + " application/octet-stream) with its name in fileName, and in kind what its rows are:"
                    + " CUSTOMERS (the default) or INTERACTIONS (the history of an old system, each row naming its"
                    + " customer by the id an earlier import of customers kept, a phone number or an email address)."
                    + " The columns are guessed from the headers; nothing is imported until the import is started.")
    ResponseEntity<ImportResource> upload(
            @Parameter(description = "The file's name, e.g. customers.csv") @RequestParam(required = false)
                    String fileName,
            @Parameter(
                            description = "What the rows are",
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(
                                            allowableValues = {"CUSTOMERS", "INTERACTIONS"}))
                    @RequestParam(required = false)
                    String kind,
            HttpServletRequest request)
            throws IOException {
        if (request.getContentType() != null && request.getContentType().startsWith("multipart/")) {
            throw new ValidationException(List.of(new FieldProblem("file", "import.file.send-raw")));
        }
        var job = imports.upload(kind(kind), fileName, request.getInputStream());
        return ResponseEntity.created(URI.create("/api/v1/imports/" + job.getId()))
                .eTag(ETags.of(job.getVersion()))
                .body(views.resource(job, locale()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping
    @Operation(summary = "List imports", description = "Your own imports (an administrator sees all), newest first.")
    List<ImportResource> list(@RequestParam(defaultValue = "50") int limit) {
        return imports.list(Math.clamp(limit, 1, 200)).stream()
                .map(j -> views.resource(j, locale()))
                .toList();
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping("/{id}")
    @Operation(summary = "An import: its columns, settings, state and progress")
    ResponseEntity<ImportResource> get(@PathVariable UUID id) {
        var job = imports.get(id);
        return ResponseEntity.ok().eTag(ETags.of(job.getVersion())).body(views.resource(job, locale()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PutMapping("/{id}")
    @Operation(
            summary = "Map the columns and choose the settings",
            description = "Only before the import runs; a preview made before is out of date.")
    ResponseEntity<ImportResource> configure(
            @PathVariable UUID id,
            @RequestBody SettingsPayload payload,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = imports.get(id);
        int expected = ETags.expectedVersion(ifMatch, payload.version(), current.getVersion());
        var mapping = new LinkedHashMap<Integer, String>();
        if (payload.columns() != null) {
            for (var c : payload.columns()) {
                if (c != null && c.index() != null && c.field() != null) {
                    mapping.put(c.index(), c.field().strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        var job = imports.configure(
                id,
                expected,
                new Imports.Settings(
                        mapping, payload.onDuplicate(), payload.ownerRule(), payload.ownerId(), payload.teamId()));
        return ResponseEntity.ok().eTag(ETags.of(job.getVersion())).body(views.resource(job, locale()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/preview")
    @Operation(
            summary = "Judge every row without writing",
            description = "Runs in the background: follow the state (PREVIEWING, then PREVIEWED) and the counts.")
    ResponseEntity<ImportResource> preview(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var job = imports.preview(id, version(id, ifMatch));
        return ResponseEntity.accepted().eTag(ETags.of(job.getVersion())).body(views.resource(job, locale()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/start")
    @Operation(
            summary = "Import the rows",
            description = "Runs in the background, a batch of rows a transaction; follow rowsDone and the state.")
    ResponseEntity<ImportResource> start(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var job = imports.start(id, version(id, ifMatch));
        return ResponseEntity.accepted().eTag(ETags.of(job.getVersion())).body(views.resource(job, locale()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/cancel")
    @Operation(
            summary = "Stop a preview or a run",
            description = "Rows a run has committed stay imported; the rest are not.")
    ResponseEntity<ImportResource> cancel(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var job = imports.cancel(id, version(id, ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(job.getVersion())).body(views.resource(job, locale()));
    }

    /**
     * A name to save an import's columns under.
     *
     * @param name the template's name; a template of that name is replaced
     */
    record TemplateName(String name) {}

    /**
     * A template to map an import's columns by.
     *
     * @param templateId the template
     */
    record TemplateChoice(UUID templateId) {}

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/template")
    @Operation(
            summary = "Save an import's columns as a named template",
            description = "Files whose headers include all of a template's get its fields when uploaded.")
    ResponseEntity<ImportTemplateApiController.TemplateResource> saveTemplate(
            @PathVariable UUID id, @RequestBody TemplateName body) {
        var template = templates.save(imports.get(id), body == null ? null : body.name());
        return ResponseEntity.created(URI.create("/api/v1/import-templates/" + template.id()))
                .body(ImportTemplateApiController.TemplateResource.of(template));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/apply-template")
    @Operation(summary = "Map an import's columns by a saved template", description = "Only before the import runs.")
    ResponseEntity<ImportResource> applyTemplate(
            @PathVariable UUID id,
            @RequestBody TemplateChoice body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (body == null || body.templateId() == null) {
            throw new ValidationException(List.of(new FieldProblem("templateId", "field.required")));
        }
        var job = imports.applyTemplate(id, version(id, ifMatch), body.templateId());
        return ResponseEntity.ok().eTag(ETags.of(job.getVersion())).body(views.resource(job, locale()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/undo")
    @Operation(
            summary = "Undo an import that ran",
            description = "In the background: customers it created go to the trash, customers it changed get their"
                    + " earlier values back; a customer someone changed since is kept as it is and counted.")
    ResponseEntity<ImportResource> undo(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var job = imports.undo(id, version(id, ifMatch));
        return ResponseEntity.accepted().eTag(ETags.of(job.getVersion())).body(views.resource(job, locale()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping("/{id}/problems")
    @Operation(summary = "The problems of the last preview or run, by row")
    List<ProblemResource> problems(
            @PathVariable UUID id,
            @Parameter(description = "Rows after this row number") @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        return views.problems(imports.get(id), after, Math.clamp(limit, 1, 1_000), locale());
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping("/{id}/report")
    @Operation(
            summary = "The rejected rows as CSV",
            description = "Row number, column and problem, then the row's cells: correct them and import the file.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "The rows with problems",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "text/csv",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    void report(@PathVariable UUID id, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        views.download(imports.get(id), response);
    }

    /** The kind named, or a problem. */
    static ImportKind kind(String name) {
        try {
            return ImportKind.of(name);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(List.of(new FieldProblem("kind", "field.unknown-option")));
        }
    }

    /** The version an action expects: the If-Match sent, or the import as it is now. */
    private int version(UUID id, String ifMatch) {
        var current = imports.get(id).getVersion();
        return ifMatch == null ? current : ETags.expectedVersion(ifMatch, null, current);
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
