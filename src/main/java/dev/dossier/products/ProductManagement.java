package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;
import static dev.dossier.db.Tables.PRODUCT_CATEGORY;
import static dev.dossier.db.Tables.PRODUCT_VERSION;

import dev.dossier.db.Stamps;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintaining the catalogue: products, their versions and the categories, each created, changed, retired and
 * reactivated. Products and versions are never deleted: cases and sales figures keep referring to them. Every
 * change checks the version it was decided on.
 */
@Service
class ProductManagement {

    /**
     * A product as typed in a form or sent to the API.
     *
     * @param code unique code, letters, digits, {@code . _ -}, at most 64; stored upper case
     * @param name name, at most 200 characters
     * @param categoryId its category, or null
     * @param description plain text, at most 4000 characters
     */
    record ProductDraft(
            @NotNull @Size(max = 64) String code,
            @NotNull @Size(max = 200) String name,
            UUID categoryId,
            @Size(max = 4000) String description) {

        ProductDraft {
            code = Inputs.trim(code);
            name = Inputs.trim(name);
            description = Inputs.trim(description);
        }
    }

    /**
     * A version as typed in a form or sent to the API.
     *
     * @param label label, unique per product, at most 64 characters
     * @param releasedOn release day, or null
     */
    record VersionDraft(@NotNull @Size(max = 64) String label, LocalDate releasedOn) {

        VersionDraft {
            label = Inputs.trim(label);
        }
    }

    /**
     * A category as typed in a form or sent to the API.
     *
     * @param name name, at most 100 characters
     * @param parentId the parent category, or null at the top
     * @param sortOrder position among its siblings (default 0)
     */
    record CategoryDraft(
            @NotNull @Size(max = 100) String name,
            UUID parentId,

            @Min(value = 0, message = "{products.category.sort-order}")
            @Max(value = 100_000, message = "{products.category.sort-order}")
            Integer sortOrder) {

        CategoryDraft {
            name = Inputs.trim(name);
        }
    }

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,63}");

    private final DSLContext db;
    private final Access access;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    ProductManagement(
            DSLContext db, Access access, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.db = db;
        this.access = access;
        this.clock = clock;
        this.events = events;
    }

    // ------------------------------------------------------------------ products

    @Transactional(readOnly = true)
    Product product(UUID id) {
        return db.selectFrom(PRODUCT)
                .where(PRODUCT.ID.eq(id))
                .fetchOptional()
                .map(Product::of)
                .orElseThrow(() -> new NotFoundException("product"));
    }

    @Transactional
    Product createProduct(ProductDraft draft) {
        access.require(Area.PRODUCTS, Operation.CREATE);
        var fields = productFields(draft, null);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(PRODUCT);
        row.setId(UUID.randomUUID());
        row.setCode(fields.code());
        row.setName(fields.name());
        row.setCategoryId(fields.categoryId());
        row.setDescription(fields.description());
        row.setStatus(ProductStatus.ACTIVE.name());
        Stamps.created(row, by, now);
        try {
            row.insert();
        } catch (DuplicateKeyException e) {
            throw new ValidationException(List.of(new FieldProblem("code", "products.code.taken")));
        }
        events.publishEvent(new ProductEvents.ProductChanged(row.getId(), by));
        return Product.of(row);
    }

    @Transactional
    Product updateProduct(UUID id, Integer expectedVersion, ProductDraft draft) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var current = product(id);
        check(current.version(), expectedVersion, "product");
        var fields = productFields(draft, id);
        try {
            int changed = db.update(PRODUCT)
                    .set(PRODUCT.CODE, fields.code())
                    .set(PRODUCT.NAME, fields.name())
                    .set(PRODUCT.CATEGORY_ID, fields.categoryId())
                    .set(PRODUCT.DESCRIPTION, fields.description())
                    .set(Stamps.changed(PRODUCT, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                    .where(PRODUCT.ID.eq(id))
                    .and(PRODUCT.VERSION.eq(current.version()))
                    .execute();
            staleUnless(changed, "product", () -> product(id).version());
        } catch (DuplicateKeyException e) {
            throw new ValidationException(List.of(new FieldProblem("code", "products.code.taken")));
        }
        events.publishEvent(
                new ProductEvents.ProductChanged(id, CurrentUser.actor().userId()));
        return product(id);
    }

    /** Retires or reactivates a product; its versions keep their own status. */
    @Transactional
    Product setProductStatus(UUID id, Integer expectedVersion, ProductStatus status) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var current = product(id);
        check(current.version(), expectedVersion, "product");
        if (current.status() == status) {
            return current;
        }
        int changed = db.update(PRODUCT)
                .set(PRODUCT.STATUS, status.name())
                .set(Stamps.changed(PRODUCT, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                .where(PRODUCT.ID.eq(id))
                .and(PRODUCT.VERSION.eq(current.version()))
                .execute();
        staleUnless(changed, "product", () -> product(id).version());
        events.publishEvent(
                new ProductEvents.ProductChanged(id, CurrentUser.actor().userId()));
        return product(id);
    }

    private ProductDraft productFields(ProductDraft draft, UUID self) {
        var problems = new ArrayList<>(FieldRules.check("products.field", draft));
        var code = draft.code();
        if (code != null) {
            code = code.toUpperCase(Locale.ROOT);
            if (!CODE.matcher(code).matches()) {
                problems.add(new FieldProblem("code", "products.code.invalid"));
            } else if (db.fetchExists(
                    PRODUCT, PRODUCT.CODE.eq(code).and(self == null ? PRODUCT.ID.isNotNull() : PRODUCT.ID.ne(self)))) {
                problems.add(new FieldProblem("code", "products.code.taken"));
            }
        }
        if (draft.categoryId() != null
                && !db.fetchExists(PRODUCT_CATEGORY, PRODUCT_CATEGORY.ID.eq(draft.categoryId()))) {
            problems.add(new FieldProblem("categoryId", "products.category.unknown"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new ProductDraft(code, draft.name(), draft.categoryId(), draft.description());
    }

    // ------------------------------------------------------------------ versions

    @Transactional(readOnly = true)
    List<ProductVersion> versions(UUID productId) {
        return db.selectFrom(PRODUCT_VERSION)
                .where(PRODUCT_VERSION.PRODUCT_ID.eq(productId))
                .orderBy(PRODUCT_VERSION.RELEASED_ON.desc().nullsLast(), PRODUCT_VERSION.LABEL.desc())
                .fetch(ProductVersion::of);
    }

    @Transactional(readOnly = true)
    ProductVersion version(UUID productId, UUID versionId) {
        return db.selectFrom(PRODUCT_VERSION)
                .where(PRODUCT_VERSION.ID.eq(versionId))
                .and(PRODUCT_VERSION.PRODUCT_ID.eq(productId))
                .fetchOptional()
                .map(ProductVersion::of)
                .orElseThrow(() -> new NotFoundException("product version"));
    }

    @Transactional
    ProductVersion addVersion(UUID productId, VersionDraft draft) {
        access.require(Area.PRODUCTS, Operation.CREATE);
        product(productId);
        var label = versionLabel(productId, draft, null);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(PRODUCT_VERSION);
        row.setId(UUID.randomUUID());
        row.setProductId(productId);
        row.setLabel(label);
        row.setReleasedOn(draft.releasedOn());
        row.setStatus(ProductStatus.ACTIVE.name());
        Stamps.created(row, by, now);
        try {
            row.insert();
        } catch (DuplicateKeyException e) {
            throw new ValidationException(List.of(new FieldProblem("label", "products.version.taken")));
        }
        return ProductVersion.of(row);
    }

    @Transactional
    ProductVersion updateVersion(UUID productId, UUID versionId, Integer expectedVersion, VersionDraft draft) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var current = version(productId, versionId);
        check(current.version(), expectedVersion, "product version");
        var label = versionLabel(productId, draft, versionId);
        try {
            int changed = db.update(PRODUCT_VERSION)
                    .set(PRODUCT_VERSION.LABEL, label)
                    .set(PRODUCT_VERSION.RELEASED_ON, draft.releasedOn())
                    .set(Stamps.changed(PRODUCT_VERSION, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                    .where(PRODUCT_VERSION.ID.eq(versionId))
                    .and(PRODUCT_VERSION.VERSION.eq(current.version()))
                    .execute();
            staleUnless(
                    changed,
                    "product version",
                    () -> version(productId, versionId).version());
        } catch (DuplicateKeyException e) {
            throw new ValidationException(List.of(new FieldProblem("label", "products.version.taken")));
        }
        return version(productId, versionId);
    }

    @Transactional
    ProductVersion setVersionStatus(UUID productId, UUID versionId, Integer expectedVersion, ProductStatus status) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var current = version(productId, versionId);
        check(current.version(), expectedVersion, "product version");
        if (current.status() == status) {
            return current;
        }
        int changed = db.update(PRODUCT_VERSION)
                .set(PRODUCT_VERSION.STATUS, status.name())
                .set(Stamps.changed(PRODUCT_VERSION, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                .where(PRODUCT_VERSION.ID.eq(versionId))
                .and(PRODUCT_VERSION.VERSION.eq(current.version()))
                .execute();
        staleUnless(
                changed, "product version", () -> version(productId, versionId).version());
        return version(productId, versionId);
    }

    private String versionLabel(UUID productId, VersionDraft draft, UUID self) {
        var problems = new ArrayList<>(FieldRules.check("products.field", draft));
        var label = draft.label();
        if (label != null
                && db.fetchExists(
                        PRODUCT_VERSION,
                        PRODUCT_VERSION
                                .PRODUCT_ID
                                .eq(productId)
                                .and(PRODUCT_VERSION.LABEL.eq(label))
                                .and(self == null ? PRODUCT_VERSION.ID.isNotNull() : PRODUCT_VERSION.ID.ne(self)))) {
            problems.add(new FieldProblem("label", "products.version.taken"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return label;
    }

    // ------------------------------------------------------------------ categories

    /** Every category, in tree order is up to the caller: here by sort order and name. */
    @Transactional(readOnly = true)
    List<Category> categories() {
        return db.selectFrom(PRODUCT_CATEGORY)
                .orderBy(PRODUCT_CATEGORY.SORT_ORDER, PRODUCT_CATEGORY.NAME)
                .fetch(Category::of);
    }

    @Transactional(readOnly = true)
    Category category(UUID id) {
        return db.selectFrom(PRODUCT_CATEGORY)
                .where(PRODUCT_CATEGORY.ID.eq(id))
                .fetchOptional()
                .map(Category::of)
                .orElseThrow(() -> new NotFoundException("product category"));
    }

    @Transactional
    Category createCategory(CategoryDraft draft) {
        access.require(Area.PRODUCTS, Operation.CREATE);
        var name = categoryName(draft, null);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(PRODUCT_CATEGORY);
        row.setId(UUID.randomUUID());
        row.setName(name);
        row.setParentId(draft.parentId());
        row.setSortOrder(draft.sortOrder() == null ? 0 : draft.sortOrder());
        row.setStatus(ProductStatus.ACTIVE.name());
        Stamps.created(row, by, now);
        row.insert();
        return Category.of(row);
    }

    @Transactional
    Category updateCategory(UUID id, Integer expectedVersion, CategoryDraft draft) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var current = category(id);
        check(current.version(), expectedVersion, "product category");
        var name = categoryName(draft, id);
        int changed = db.update(PRODUCT_CATEGORY)
                .set(PRODUCT_CATEGORY.NAME, name)
                .set(PRODUCT_CATEGORY.PARENT_ID, draft.parentId())
                .set(PRODUCT_CATEGORY.SORT_ORDER, draft.sortOrder() == null ? current.sortOrder() : draft.sortOrder())
                .set(Stamps.changed(PRODUCT_CATEGORY, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                .where(PRODUCT_CATEGORY.ID.eq(id))
                .and(PRODUCT_CATEGORY.VERSION.eq(current.version()))
                .execute();
        staleUnless(changed, "product category", () -> category(id).version());
        return category(id);
    }

    @Transactional
    Category setCategoryStatus(UUID id, Integer expectedVersion, ProductStatus status) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var current = category(id);
        check(current.version(), expectedVersion, "product category");
        if (current.status() == status) {
            return current;
        }
        int changed = db.update(PRODUCT_CATEGORY)
                .set(PRODUCT_CATEGORY.STATUS, status.name())
                .set(Stamps.changed(PRODUCT_CATEGORY, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                .where(PRODUCT_CATEGORY.ID.eq(id))
                .and(PRODUCT_CATEGORY.VERSION.eq(current.version()))
                .execute();
        staleUnless(changed, "product category", () -> category(id).version());
        return category(id);
    }

    private String categoryName(CategoryDraft draft, UUID self) {
        var problems = new ArrayList<>(FieldRules.check("products.field", draft));
        if (draft.parentId() != null) {
            var parents = db.select(PRODUCT_CATEGORY.ID, PRODUCT_CATEGORY.PARENT_ID)
                    .from(PRODUCT_CATEGORY)
                    .fetchMap(PRODUCT_CATEGORY.ID, PRODUCT_CATEGORY.PARENT_ID);
            if (!parents.containsKey(draft.parentId())) {
                problems.add(new FieldProblem("parentId", "products.category.unknown"));
            } else if (self != null) {
                // Walking up from the new parent must never reach the category itself.
                var seen = new HashSet<UUID>();
                for (var at = draft.parentId(); at != null && seen.add(at); at = parents.get(at)) {
                    if (at.equals(self)) {
                        problems.add(new FieldProblem("parentId", "products.category.cycle"));
                        break;
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return draft.name();
    }

    // ------------------------------------------------------------------ versions of records

    private static void check(int current, Integer expected, String what) {
        if (expected != null && expected != current) {
            throw new StaleVersionException(what, current);
        }
    }

    private static void staleUnless(int changed, String what, java.util.function.IntSupplier current) {
        if (changed == 0) {
            throw new StaleVersionException(what, current.getAsInt());
        }
    }
}
