package dev.dossier.products;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.products.ProductManagement.CategoryDraft;
import dev.dossier.products.ProductManagement.ProductDraft;
import dev.dossier.products.ProductManagement.VersionDraft;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Formats;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The catalogue pages: the product list, a product with its versions and sales, the forms, the categories. */
@Controller
@RequestMapping("/products")
class ProductController {

    /**
     * The product form.
     *
     * @param version version shown (changes)
     * @param code code
     * @param name name
     * @param categoryId category
     * @param description description
     */
    record ProductForm(Integer version, String code, String name, UUID categoryId, String description) {}

    /**
     * The version form.
     *
     * @param version record version shown (changes)
     * @param label label
     * @param releasedOn release day
     */
    record VersionForm(Integer version, String label, LocalDate releasedOn) {}

    /**
     * The category form.
     *
     * @param version version shown (changes)
     * @param name name
     * @param parentId parent category
     * @param sortOrder position among its siblings
     */
    record CategoryForm(Integer version, String name, UUID parentId, Integer sortOrder) {}

    private final ProductManagement management;
    private final ProductQueries queries;
    private final UnitsLedger ledger;
    private final FormErrors formErrors;
    private final Access access;
    private final Formats formats;

    ProductController(
            ProductManagement management,
            ProductQueries queries,
            UnitsLedger ledger,
            FormErrors formErrors,
            Access access,
            Formats formats) {
        this.management = management;
        this.queries = queries;
        this.ledger = ledger;
        this.formErrors = formErrors;
        this.access = access;
        this.formats = formats;
    }

    // ------------------------------------------------------------------ products

    @Permission(area = Area.PRODUCTS, operation = Operation.READ)
    @GetMapping
    String list(
            @RequestParam(required = false) UUID category,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            HtmxRequest htmx,
            Model model) {
        var filter = ProductQueries.Filter.of(category, status, q);
        var page = queries.list(filter, cursor, 50);
        model.addAttribute("filter", filter);
        model.addAttribute("products", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("categories", queries.tree());
        model.addAttribute("categoryPaths", categoryPaths());
        model.addAttribute("statuses", ProductStatus.values());
        common(model);
        return htmx.isHtmxRequest() && cursor != null ? "products/list :: rows" : "products/list";
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.READ)
    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        return showPage(management.product(id), new VersionForm(null, "", null), Map.of(), model);
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.CREATE)
    @GetMapping("/new")
    String newProduct(Model model) {
        return productForm(model, null, new ProductForm(null, "", "", null, ""), Map.of());
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.CREATE)
    @PostMapping
    String create(ProductForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return productForm(model, null, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            var product = management.createProduct(draft(form));
            redirect.addFlashAttribute("flashKey", "products.saved");
            return "redirect:/products/" + product.id();
        } catch (ValidationException e) {
            return productForm(model, null, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        var p = management.product(id);
        return productForm(
                model, p, new ProductForm(p.version(), p.code(), p.name(), p.categoryId(), p.description()), Map.of());
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id, ProductForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        var product = management.product(id);
        if (binding.hasErrors()) {
            return productForm(model, product, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            management.updateProduct(id, form.version(), draft(form));
        } catch (ValidationException e) {
            return productForm(model, product, form, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return productForm(model, product, form, stale());
        }
        redirect.addFlashAttribute("flashKey", "products.saved");
        return "redirect:/products/" + id;
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/{id}/retire")
    String retire(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return productStep(
                id,
                model,
                redirect,
                "products.retired",
                () -> management.setProductStatus(id, version, ProductStatus.RETIRED));
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/{id}/reactivate")
    String reactivate(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return productStep(
                id,
                model,
                redirect,
                "products.reactivated",
                () -> management.setProductStatus(id, version, ProductStatus.ACTIVE));
    }

    // ------------------------------------------------------------------ versions

    @Permission(area = Area.PRODUCTS, operation = Operation.CREATE)
    @PostMapping("/{id}/versions")
    String addVersion(
            @PathVariable UUID id, VersionForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        var product = management.product(id);
        if (binding.hasErrors()) {
            return showPage(product, form, formErrors.of(formErrors.binding(binding)), model);
        }
        try {
            management.addVersion(id, new VersionDraft(form.label(), form.releasedOn()));
        } catch (ValidationException e) {
            return showPage(product, form, formErrors.of(e.problems()), model);
        }
        redirect.addFlashAttribute("flashKey", "products.version.saved");
        return "redirect:/products/" + id;
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @GetMapping("/{id}/versions/{versionId}/edit")
    String editVersion(@PathVariable UUID id, @PathVariable UUID versionId, Model model) {
        var v = management.version(id, versionId);
        return versionForm(
                model, management.product(id), v, new VersionForm(v.version(), v.label(), v.releasedOn()), Map.of());
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/{id}/versions/{versionId}")
    String updateVersion(
            @PathVariable UUID id,
            @PathVariable UUID versionId,
            VersionForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes redirect) {
        var product = management.product(id);
        var version = management.version(id, versionId);
        if (binding.hasErrors()) {
            return versionForm(model, product, version, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            management.updateVersion(id, versionId, form.version(), new VersionDraft(form.label(), form.releasedOn()));
        } catch (ValidationException e) {
            return versionForm(model, product, version, form, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return versionForm(model, product, version, form, stale());
        }
        redirect.addFlashAttribute("flashKey", "products.version.saved");
        return "redirect:/products/" + id;
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/{id}/versions/{versionId}/retire")
    String retireVersion(
            @PathVariable UUID id,
            @PathVariable UUID versionId,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return productStep(
                id,
                model,
                redirect,
                "products.version.retired",
                () -> management.setVersionStatus(id, versionId, version, ProductStatus.RETIRED));
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/{id}/versions/{versionId}/reactivate")
    String reactivateVersion(
            @PathVariable UUID id,
            @PathVariable UUID versionId,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return productStep(
                id,
                model,
                redirect,
                "products.version.reactivated",
                () -> management.setVersionStatus(id, versionId, version, ProductStatus.ACTIVE));
    }

    // ------------------------------------------------------------------ categories

    @Permission(area = Area.PRODUCTS, operation = Operation.READ)
    @GetMapping("/categories")
    String categories(Model model) {
        return categoriesPage(model, null, new CategoryForm(null, "", null, 0), Map.of());
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.CREATE)
    @PostMapping("/categories")
    String createCategory(CategoryForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return categoriesPage(model, null, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            management.createCategory(new CategoryDraft(form.name(), form.parentId(), form.sortOrder()));
        } catch (ValidationException e) {
            return categoriesPage(model, null, form, formErrors.of(e.problems()));
        }
        redirect.addFlashAttribute("flashKey", "products.category.saved");
        return "redirect:/products/categories";
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @GetMapping("/categories/{id}/edit")
    String editCategory(@PathVariable UUID id, Model model) {
        var c = management.category(id);
        return categoriesPage(model, c, new CategoryForm(c.version(), c.name(), c.parentId(), c.sortOrder()), Map.of());
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/categories/{id}")
    String updateCategory(
            @PathVariable UUID id, CategoryForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        var category = management.category(id);
        if (binding.hasErrors()) {
            return categoriesPage(model, category, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            management.updateCategory(
                    id, form.version(), new CategoryDraft(form.name(), form.parentId(), form.sortOrder()));
        } catch (ValidationException e) {
            return categoriesPage(model, category, form, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return categoriesPage(model, category, form, stale());
        }
        redirect.addFlashAttribute("flashKey", "products.category.saved");
        return "redirect:/products/categories";
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/categories/{id}/retire")
    String retireCategory(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return categoryStep(id, version, ProductStatus.RETIRED, model, redirect);
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/categories/{id}/reactivate")
    String reactivateCategory(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return categoryStep(id, version, ProductStatus.ACTIVE, model, redirect);
    }

    private String categoryStep(
            UUID id, Integer version, ProductStatus status, Model model, RedirectAttributes redirect) {
        try {
            management.setCategoryStatus(id, version, status);
        } catch (StaleVersionException e) {
            return categoriesPage(model, null, new CategoryForm(null, "", null, 0), stale());
        }
        redirect.addFlashAttribute(
                "flashKey",
                status == ProductStatus.ACTIVE ? "products.category.reactivated" : "products.category.retired");
        return "redirect:/products/categories";
    }

    // ------------------------------------------------------------------ page models

    private String showPage(Product product, VersionForm versionForm, Map<String, List<String>> errors, Model model) {
        var to = formats.thisMonth();
        var from = to.minusMonths(11);
        var months = UnitsLedger.months(from, to).reversed();
        model.addAttribute("product", product);
        model.addAttribute("versions", management.versions(product.id()));
        model.addAttribute(
                "category",
                product.categoryId() == null ? null : categoryPaths().get(product.categoryId()));
        model.addAttribute("months", months);
        model.addAttribute("figures", ledger.byKey(product.id(), from, to));
        model.addAttribute("totals", ledger.monthlyTotals(product.id(), from, to));
        model.addAttribute("versionForm", versionForm);
        model.addAttribute("errors", errors);
        common(model);
        return "products/show";
    }

    private String productForm(Model model, Product product, ProductForm form, Map<String, List<String>> errors) {
        model.addAttribute("product", product);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("categories", queries.tree());
        common(model);
        return "products/form";
    }

    private String versionForm(
            Model model, Product product, ProductVersion version, VersionForm form, Map<String, List<String>> errors) {
        model.addAttribute("product", product);
        model.addAttribute("productVersion", version);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        common(model);
        return "products/version-form";
    }

    private String categoriesPage(Model model, Category editing, CategoryForm form, Map<String, List<String>> errors) {
        model.addAttribute("categories", queries.tree());
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        common(model);
        return "products/categories";
    }

    private String productStep(UUID id, Model model, RedirectAttributes redirect, String flash, Supplier<?> step) {
        try {
            step.get();
        } catch (StaleVersionException e) {
            return showPage(management.product(id), new VersionForm(null, "", null), stale(), model);
        }
        redirect.addFlashAttribute("flashKey", flash);
        return "redirect:/products/" + id;
    }

    private void common(Model model) {
        model.addAttribute("canCreate", access.allows(Area.PRODUCTS, Operation.CREATE));
        model.addAttribute("canEdit", access.allows(Area.PRODUCTS, Operation.EDIT));
        model.addAttribute("section", "products");
    }

    private Map<UUID, String> categoryPaths() {
        var paths = new java.util.HashMap<UUID, String>();
        queries.tree().forEach(r -> paths.put(r.category().id(), r.path()));
        return paths;
    }

    private Map<String, List<String>> stale() {
        return formErrors.of(List.of(new FieldProblem("version", "products.stale")));
    }

    private static ProductDraft draft(ProductForm form) {
        return new ProductDraft(form.code(), form.name(), form.categoryId(), form.description());
    }
}
