package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;
import static dev.dossier.db.Tables.PRODUCT_VERSION;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Formats;
import dev.dossier.shared.ValidationException;
import java.io.IOException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Units sold: a grid of a year's months per product and version to type figures into, and the CSV import. Cells are
 * named by their figure key ({@code u:<product>:<version or ->:<YYYY-MM>}) with the value shown beside them, so that
 * only the cells someone changed are written.
 */
@Controller
@RequestMapping("/products/units")
class UnitsController {

    /**
     * A row of the grid.
     *
     * @param productId product
     * @param code product code
     * @param name product name
     * @param versionId version, or null for the product as a whole
     * @param label version label, or null
     */
    record Row(UUID productId, String code, String name, UUID versionId, String label) {

        public String key(YearMonth month) {
            return UnitsLedger.Figure.key(productId, versionId, month);
        }
    }

    private static final int MAX_PRODUCTS = 100;

    private final DSLContext db;
    private final UnitsLedger ledger;
    private final UnitsImport imports;
    private final ProductQueries queries;
    private final FormErrors formErrors;
    private final Access access;
    private final Formats formats;

    UnitsController(
            DSLContext db,
            UnitsLedger ledger,
            UnitsImport imports,
            ProductQueries queries,
            FormErrors formErrors,
            Access access,
            Formats formats) {
        this.db = db;
        this.ledger = ledger;
        this.imports = imports;
        this.queries = queries;
        this.formErrors = formErrors;
        this.access = access;
        this.formats = formats;
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.READ)
    @GetMapping
    String grid(
            @RequestParam(required = false) Integer year, @RequestParam(required = false) UUID category, Model model) {
        return page(model, year, category, Map.of(), Map.of());
    }

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping
    String save(@RequestParam Map<String, String> params, RedirectAttributes redirect, Model model) {
        var cells = new HashMap<String, String>();
        var shown = new HashMap<String, String>();
        params.forEach((name, value) -> {
            if (name.startsWith("u:")) {
                cells.put(name.substring(2), value);
            } else if (name.startsWith("was:")) {
                shown.put(name.substring(4), value);
            }
        });
        var year = integer(params.get("year"));
        var category = uuid(params.get("category"));
        try {
            int changed = ledger.saveGrid(cells, shown);
            redirect.addFlashAttribute("flashKey", "products.units.saved");
            redirect.addFlashAttribute("flashArg", changed);
        } catch (ValidationException e) {
            return page(model, year, category, cells, formErrors.of(e.problems()));
        }
        var target = new StringBuilder("redirect:/products/units?year=").append(year == null ? "" : year);
        if (category != null) {
            target.append("&category=").append(category);
        }
        return target.toString();
    }

    /** Units sold are a small table: a file larger than this is not one. */
    private static final long MAX_FILE_BYTES = 5L * 1024 * 1024;

    @Permission(area = Area.PRODUCTS, operation = Operation.EDIT)
    @PostMapping("/import")
    String importFile(@RequestParam(required = false) MultipartFile file, Model model) throws IOException {
        Map<String, List<String>> errors;
        try {
            if (file == null || file.isEmpty()) {
                throw new ValidationException(List.of(new FieldProblem("file", "products.import.empty")));
            }
            if (file.getSize() > MAX_FILE_BYTES) {
                throw new ValidationException(List.of(new FieldProblem("file", "products.import.too-large")));
            }
            var result = imports.run(file.getBytes());
            model.addAttribute("imported", result);
            errors = Map.of();
        } catch (ValidationException e) {
            errors = formErrors.of(e.problems());
        }
        return page(model, null, null, Map.of(), errors);
    }

    private String page(
            Model model, Integer year, UUID category, Map<String, String> typed, Map<String, List<String>> errors) {
        int shownYear = year == null ? formats.today().getYear() : Math.clamp(year, 1990, 2999);
        var months = UnitsLedger.months(YearMonth.of(shownYear, 1), YearMonth.of(shownYear, 12));
        Condition c = PRODUCT.STATUS.eq(ProductStatus.ACTIVE.name());
        if (category != null) {
            c = c.and(PRODUCT.CATEGORY_ID.in(queries.withDescendants(category)));
        }
        var products = db.select(PRODUCT.ID, PRODUCT.CODE, PRODUCT.NAME)
                .from(PRODUCT)
                .where(c)
                .orderBy(PRODUCT.NAME, PRODUCT.ID)
                .limit(MAX_PRODUCTS + 1)
                .fetch();
        var shownProducts = products.subList(0, Math.min(products.size(), MAX_PRODUCTS));
        var versions = new HashMap<UUID, List<Row>>();
        if (!shownProducts.isEmpty()) {
            db.select(PRODUCT_VERSION.PRODUCT_ID, PRODUCT_VERSION.ID, PRODUCT_VERSION.LABEL)
                    .from(PRODUCT_VERSION)
                    .where(PRODUCT_VERSION.PRODUCT_ID.in(
                            shownProducts.stream().map(r -> r.value1()).toList()))
                    .and(PRODUCT_VERSION.STATUS.eq(ProductStatus.ACTIVE.name()))
                    .orderBy(PRODUCT_VERSION.RELEASED_ON.nullsLast(), PRODUCT_VERSION.LABEL)
                    .forEach(v -> versions.computeIfAbsent(v.value1(), k -> new ArrayList<>())
                            .add(new Row(v.value1(), null, null, v.value2(), v.value3())));
        }
        var rows = new ArrayList<Row>();
        for (var p : shownProducts) {
            rows.add(new Row(p.value1(), p.value2(), p.value3(), null, null));
            versions.getOrDefault(p.value1(), List.of())
                    .forEach(v -> rows.add(new Row(p.value1(), p.value2(), p.value3(), v.versionId(), v.label())));
        }
        var shown = new HashMap<String, String>();
        ledger.byKey(null, months.getFirst(), months.getLast())
                .forEach((key, figure) -> shown.put(key, String.valueOf(figure.units())));
        var cells = new HashMap<>(shown);
        cells.putAll(typed);
        model.addAttribute("year", shownYear);
        model.addAttribute("category", category);
        model.addAttribute("categories", queries.tree());
        model.addAttribute("months", months);
        model.addAttribute("rows", rows);
        model.addAttribute("more", products.size() > MAX_PRODUCTS);
        model.addAttribute("shown", shown);
        model.addAttribute("cells", cells);
        model.addAttribute("errors", errors);
        model.addAttribute("canEdit", access.allows(Area.PRODUCTS, Operation.EDIT));
        model.addAttribute("section", "products");
        return "products/units";
    }

    private static Integer integer(String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static UUID uuid(String text) {
        try {
            return text == null || text.isBlank() ? null : UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
