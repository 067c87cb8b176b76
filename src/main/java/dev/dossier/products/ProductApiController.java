package dev.dossier.products;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.products.ProductManagement.CategoryDraft;
import dev.dossier.products.ProductManagement.ProductDraft;
import dev.dossier.products.ProductManagement.VersionDraft;
import dev.dossier.shared.ETags;
import dev.dossier.shared.Formats;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalogue over REST: {@code /api/v1/products} with their versions, {@code /api/v1/product-categories}, and
 * {@code /api/v1/units-sold} with the CSV import.
 */
@RestController
@Tag(name = "Products", description = "The product catalogue: products, versions, categories")
@SecurityRequirement(name = "bearer")
class ProductApiController {

    /**
     * A product to create or change.
     *
     * @param version the version as read (changes; or send If-Match)
     * @param code unique code: letters, digits, {@code . _ -}, at most 64; stored upper case
     * @param name name, at most 200 characters
     * @param categoryId its category, or null
     * @param description plain text, at most 4000 characters
     */
    @Schema(requiredProperties = {"code", "name"})
    record ProductPayload(Integer version, String code, String name, UUID categoryId, String description) {

        ProductDraft draft() {
            return new ProductDraft(code, name, categoryId, description);
        }
    }

    /**
     * A version to add or change.
     *
     * @param version the record's version as read (changes; or send If-Match)
     * @param label label, unique per product, at most 64 characters
     * @param releasedOn release day, or null
     */
    @Schema(requiredProperties = {"label"})
    record VersionPayload(Integer version, String label, LocalDate releasedOn) {

        VersionDraft draft() {
            return new VersionDraft(label, releasedOn);
        }
    }

    /**
     * A category to create or change.
     *
     * @param version the version as read (changes; or send If-Match)
     * @param name name, at most 100 characters
     * @param parentId the parent category, or null at the top
     * @param sortOrder position among its siblings, 0 by default
     */
    @Schema(requiredProperties = {"name"})
    record CategoryPayload(Integer version, String name, UUID parentId, Integer sortOrder) {

        CategoryDraft draft() {
            return new CategoryDraft(name, parentId, sortOrder);
        }
    }

    /**
     * Retiring or reactivating.
     *
     * @param version the version as read, optional
     */
    record StepPayload(Integer version) {}

    /**
     * A product as the API shows it.
     *
     * @param id id
     * @param code code
     * @param name name
     * @param categoryId category, or null
     * @param description description
     * @param status ACTIVE or RETIRED
     * @param versions its versions, newest release first (on a single product only; null in lists)
     * @param createdAt when created
     * @param updatedAt when last changed
     * @param version version
     */
    record ProductResource(
            UUID id,
            String code,
            String name,
            UUID categoryId,
            String description,
            ProductStatus status,
            List<ProductVersion> versions,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            int version) {

        static ProductResource of(Product p, List<ProductVersion> versions) {
            return new ProductResource(
                    p.id(),
                    p.code(),
                    p.name(),
                    p.categoryId(),
                    p.description(),
                    p.status(),
                    versions,
                    p.createdAt(),
                    p.updatedAt(),
                    p.version());
        }
    }

    /**
     * A units-sold figure to set.
     *
     * @param productId the product
     * @param versionId the version, or null for the product as a whole
     * @param month {@code YYYY-MM}
     * @param units units sold, 0 to 1,000,000,000; null removes the figure
     */
    record FigurePayload(UUID productId, UUID versionId, String month, Integer units) {}

    /**
     * What setting a figure did.
     *
     * @param outcome CREATED, UPDATED, UNCHANGED or REMOVED
     */
    record FigureOutcome(UnitsLedger.Outcome outcome) {}

    private final ProductManagement management;
    private final ProductQueries queries;
    private final UnitsLedger ledger;
    private final UnitsImport imports;
    private final Formats formats;

    ProductApiController(
            ProductManagement management,
            ProductQueries queries,
            UnitsLedger ledger,
            UnitsImport imports,
            Formats formats) {
        this.management = management;
        this.queries = queries;
        this.ledger = ledger;
        this.imports = imports;
        this.formats = formats;
    }

    // ------------------------------------------------------------------ products

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/products")
    @Operation(
            summary = "Products in name order",
            description =
                    "Filters: category (with its sub-categories), "
                            + "status ACTIVE or RETIRED, q (part of the code or name). Keyset paging: pass nextCursor as cursor.")
    Slice<ProductResource> list(
            @RequestParam(required = false) UUID category,
            @Parameter(schema = @Schema(implementation = ProductStatus.class)) @RequestParam(required = false)
                    String status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var page = queries.list(ProductQueries.Filter.of(category, status, q), cursor, limit);
        return new Slice<>(
                page.items().stream().map(p -> ProductResource.of(p, null)).toList(), page.nextCursor());
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/products/{id}")
    @Operation(summary = "A product with its versions", description = "With its version as ETag.")
    ResponseEntity<ProductResource> get(@PathVariable UUID id) {
        return answer(management.product(id));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/products")
    @Operation(summary = "Create a product", description = "The code must be unused (any case).")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ProductResource> create(@RequestBody ProductPayload payload) {
        var product = management.createProduct(payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/products/" + product.id()))
                .eTag(ETags.of(product.version()))
                .body(ProductResource.of(product, List.of()));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/products/{id}")
    @Operation(summary = "Change a product", description = "Needs If-Match or the version as read.")
    ResponseEntity<ProductResource> update(
            @PathVariable UUID id,
            @RequestBody ProductPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        int version = ETags.expectedVersion(
                ifMatch, payload.version(), management.product(id).version());
        return answer(management.updateProduct(id, version, payload.draft()));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/products/{id}/retirement")
    @Operation(summary = "Retire a product", description = "It leaves the pickers; records keep referring to it.")
    ResponseEntity<ProductResource> retire(@PathVariable UUID id, @RequestBody(required = false) StepPayload payload) {
        return answer(management.setProductStatus(id, version(payload), ProductStatus.RETIRED));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/products/{id}/reactivation")
    @Operation(summary = "Reactivate a retired product")
    ResponseEntity<ProductResource> reactivate(
            @PathVariable UUID id, @RequestBody(required = false) StepPayload payload) {
        return answer(management.setProductStatus(id, version(payload), ProductStatus.ACTIVE));
    }

    // ------------------------------------------------------------------ versions

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/products/{id}/versions")
    @Operation(summary = "The versions of a product", description = "Newest release first, retired ones too.")
    List<ProductVersion> versions(@PathVariable UUID id) {
        management.product(id);
        return management.versions(id);
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/products/{id}/versions")
    @Operation(summary = "Add a version", description = "The label must be unused for this product.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ProductVersion> addVersion(@PathVariable UUID id, @RequestBody VersionPayload payload) {
        var version = management.addVersion(id, payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/products/" + id + "/versions/" + version.id()))
                .eTag(ETags.of(version.version()))
                .body(version);
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/products/{id}/versions/{versionId}")
    @Operation(summary = "A version of a product", description = "With its version as ETag.")
    ResponseEntity<ProductVersion> version(@PathVariable UUID id, @PathVariable UUID versionId) {
        return answer(management.version(id, versionId));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/products/{id}/versions/{versionId}")
    @Operation(summary = "Change a version", description = "Needs If-Match or the version as read.")
    ResponseEntity<ProductVersion> updateVersion(
            @PathVariable UUID id,
            @PathVariable UUID versionId,
            @RequestBody VersionPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        int expected = ETags.expectedVersion(
                ifMatch, payload.version(), management.version(id, versionId).version());
        return answer(management.updateVersion(id, versionId, expected, payload.draft()));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/products/{id}/versions/{versionId}/retirement")
    @Operation(summary = "Retire a version")
    ResponseEntity<ProductVersion> retireVersion(
            @PathVariable UUID id, @PathVariable UUID versionId, @RequestBody(required = false) StepPayload payload) {
        return answer(management.setVersionStatus(id, versionId, version(payload), ProductStatus.RETIRED));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/products/{id}/versions/{versionId}/reactivation")
    @Operation(summary = "Reactivate a retired version")
    ResponseEntity<ProductVersion> reactivateVersion(
            @PathVariable UUID id, @PathVariable UUID versionId, @RequestBody(required = false) StepPayload payload) {
        return answer(management.setVersionStatus(id, versionId, version(payload), ProductStatus.ACTIVE));
    }

    // ------------------------------------------------------------------ categories

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/product-categories")
    @Operation(
            summary = "Every product category",
            description = "In tree order: each category followed by its " + "sub-categories, by sort order and name.")
    List<Category> categories() {
        return queries.tree().stream().map(ProductQueries.CategoryRow::category).toList();
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/product-categories/{id}")
    @Operation(summary = "A product category", description = "With its version as ETag.")
    ResponseEntity<Category> category(@PathVariable UUID id) {
        return answer(management.category(id));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/product-categories")
    @Operation(summary = "Create a product category")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Category> createCategory(@RequestBody CategoryPayload payload) {
        var category = management.createCategory(payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/product-categories/" + category.id()))
                .eTag(ETags.of(category.version()))
                .body(category);
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/product-categories/{id}")
    @Operation(
            summary = "Change a product category",
            description = "Needs If-Match or the version as read; a " + "category cannot move under itself.")
    ResponseEntity<Category> updateCategory(
            @PathVariable UUID id,
            @RequestBody CategoryPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        int expected = ETags.expectedVersion(
                ifMatch, payload.version(), management.category(id).version());
        return answer(management.updateCategory(id, expected, payload.draft()));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/product-categories/{id}/retirement")
    @Operation(summary = "Retire a product category")
    ResponseEntity<Category> retireCategory(@PathVariable UUID id, @RequestBody(required = false) StepPayload payload) {
        return answer(management.setCategoryStatus(id, version(payload), ProductStatus.RETIRED));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/product-categories/{id}/reactivation")
    @Operation(summary = "Reactivate a retired product category")
    ResponseEntity<Category> reactivateCategory(
            @PathVariable UUID id, @RequestBody(required = false) StepPayload payload) {
        return answer(management.setCategoryStatus(id, version(payload), ProductStatus.ACTIVE));
    }

    // ------------------------------------------------------------------ units sold

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/units-sold")
    @Operation(
            summary = "Units sold per product, version and month",
            description = "from and to as YYYY-MM "
                    + "(both included; default the last 12 months); product to keep one product.")
    List<UnitsLedger.Figure> unitsSold(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) UUID product) {
        var last = month(to, formats.thisMonth());
        return ledger.figures(product, month(from, last.minusMonths(11)), last);
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/units-sold")
    @Operation(
            summary = "Set one units-sold figure",
            description = "One figure per product, version (or none) and "
                    + "month; setting the figure it has changes nothing; units null removes it.")
    FigureOutcome setUnits(@RequestBody FigurePayload payload) {
        var month = payload.month() == null ? null : month(payload.month(), null);
        return new FigureOutcome(
                ledger.put(payload.productId(), payload.versionId(), month, payload.units(), UnitsSource.MANUAL));
    }

    @Permission(area = Access.Area.PRODUCTS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/units-sold/import")
    @Operation(
            summary = "Import units sold from CSV",
            description = "Body (text/csv): lines product_code,version,month,units "
                    + "(UTF-8, optional byte order mark and header line, month YYYY-MM, empty version for the product as a "
                    + "whole). All or nothing: any wrong line gives 422 with one error per line (field \"line n\") and "
                    + "nothing is written. Importing the same file again changes nothing.")
    UnitsImport.Result importUnits(@RequestBody byte[] file) {
        return imports.run(file);
    }

    private static YearMonth month(String text, YearMonth fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return YearMonth.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("products.month.invalid", "Not a month (YYYY-MM): " + text);
        }
    }

    private static Integer version(StepPayload payload) {
        return payload == null ? null : payload.version();
    }

    private ResponseEntity<ProductResource> answer(Product product) {
        return ResponseEntity.ok()
                .eTag(ETags.of(product.version()))
                .body(ProductResource.of(product, management.versions(product.id())));
    }

    private static ResponseEntity<ProductVersion> answer(ProductVersion version) {
        return ResponseEntity.ok().eTag(ETags.of(version.version())).body(version);
    }

    private static ResponseEntity<Category> answer(Category category) {
        return ResponseEntity.ok().eTag(ETags.of(category.version())).body(category);
    }
}
