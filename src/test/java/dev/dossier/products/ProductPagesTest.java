package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;
import static dev.dossier.db.Tables.PRODUCT_CATEGORY;
import static dev.dossier.db.Tables.PRODUCT_VERSION;
import static dev.dossier.db.Tables.UNITS_SOLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The catalogue pages as staff use them: list, form, product page, versions, categories, the units grid and import. */
@DossierTest
@AutoConfigureMockMvc
@Tag("clock")
class ProductPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    private RequestPostProcessor as(String username) {
        return user(userDetails.loadUserByUsername(username));
    }

    private String page(String path, RequestPostProcessor who, Locale locale) throws Exception {
        return mvc.perform(get(path).with(who).locale(locale))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private UUID productByCode(String code) {
        return db.select(PRODUCT.ID).from(PRODUCT).where(PRODUCT.CODE.eq(code)).fetchOne(PRODUCT.ID);
    }

    @Test
    void aManagerCreatesAProductWithCategoryAndVersionAndRetiresIt() throws Exception {
        var manager = as(users.create(Role.MANAGER));
        var categoryName = "Purifiers " + unique();
        mvc.perform(post("/products/categories")
                        .with(manager)
                        .with(csrf())
                        .param("name", categoryName)
                        .param("sortOrder", "1"))
                .andExpect(status().is3xxRedirection());
        var categoryId = db.select(PRODUCT_CATEGORY.ID)
                .from(PRODUCT_CATEGORY)
                .where(PRODUCT_CATEGORY.NAME.eq(categoryName))
                .fetchOne(PRODUCT_CATEGORY.ID);
        assertThat(page("/products/categories", manager, Locale.ENGLISH)).contains(categoryName);

        var code = "P-" + unique();
        var missing = mvc.perform(post("/products")
                        .with(manager)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("code", "bad code!")
                        .param("name", ""))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(missing).contains("Use letters, digits", "Required.", "bad code!");

        var name = "<script>alert(1)</script> Purifier";
        var saved = mvc.perform(post("/products")
                        .with(manager)
                        .with(csrf())
                        .param("code", code)
                        .param("name", name)
                        .param("categoryId", categoryId.toString())
                        .param("description", "Quiet"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        var id = productByCode(code);
        assertThat(saved).isEqualTo("/products/" + id);

        var show = page("/products/" + id, manager, Locale.ENGLISH);
        assertThat(show)
                .contains(
                        "&lt;script&gt;alert(1)&lt;/script&gt; Purifier",
                        categoryName,
                        "Add version",
                        "Units sold per month")
                .doesNotContain("<script>alert(1)");
        assertThat(page("/products/" + id, manager, Locale.SIMPLIFIED_CHINESE)).contains("添加版本", "每月销量");

        mvc.perform(post("/products/" + id + "/versions")
                        .with(manager)
                        .with(csrf())
                        .param("label", "1.0")
                        .param("releasedOn", "2025-06-01"))
                .andExpect(status().is3xxRedirection());
        var again = mvc.perform(post("/products/" + id + "/versions")
                        .with(manager)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("label", "1.0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(again).contains("already has a version with this label");
        assertThat(db.fetchCount(PRODUCT_VERSION, PRODUCT_VERSION.PRODUCT_ID.eq(id)))
                .isEqualTo(1);

        var list = page("/products?q=" + code, manager, Locale.ENGLISH);
        assertThat(list).contains(code, "Active", categoryName);
        var filtered = page("/products?category=" + categoryId, manager, Locale.ENGLISH);
        assertThat(filtered).contains(code);

        // A stale retirement is refused with a clear message, the current one goes through.
        var stale = mvc.perform(post("/products/" + id + "/retire")
                        .with(manager)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("version", "5"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(stale).contains("Someone else changed this");
        mvc.perform(post("/products/" + id + "/retire")
                        .with(manager)
                        .with(csrf())
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        assertThat(db.select(PRODUCT.STATUS)
                        .from(PRODUCT)
                        .where(PRODUCT.ID.eq(id))
                        .fetchOne(PRODUCT.STATUS))
                .isEqualTo("RETIRED");
        assertThat(page("/products?status=RETIRED&q=" + code, manager, Locale.ENGLISH))
                .contains("product-" + id);
        assertThat(page("/products?status=ACTIVE&q=" + code, manager, Locale.ENGLISH))
                .doesNotContain("product-" + id);

        var edit = page("/products/" + id + "/edit", manager, Locale.ENGLISH);
        assertThat(edit).contains("name=\"version\"", code);
    }

    @Test
    void salesSeeTheCatalogueButNoForms() throws Exception {
        var sales = as(users.create(Role.SALES));
        var list = page("/products", sales, Locale.ENGLISH);
        assertThat(list).doesNotContain("/products/new");
        mvc.perform(get("/products/new").with(sales)).andExpect(status().isForbidden());
        mvc.perform(post("/products")
                        .with(sales)
                        .with(csrf())
                        .param("code", "NO")
                        .param("name", "No"))
                .andExpect(status().isForbidden());
        var grid = page("/products/units", sales, Locale.ENGLISH);
        assertThat(grid).doesNotContain("/products/units/import");
    }

    @Test
    void unitsAreTypedIntoTheGridOnlyChangedCellsAreWrittenAndTheFileIsImported() throws Exception {
        var manager = as(users.create(Role.MANAGER));
        var code = "G-" + unique();
        mvc.perform(post("/products")
                        .with(manager)
                        .with(csrf())
                        .param("code", code)
                        .param("name", "Grid " + code))
                .andExpect(status().is3xxRedirection());
        var id = productByCode(code);
        // This year in the organisation's zone; the product page shows the twelve months up to this one.
        var thisMonth = java.time.YearMonth.from(java.time.LocalDate.ofInstant(TestClock.now(), TestClock.zone()));
        int year = thisMonth.getYear();
        var imported = thisMonth.getMonthValue() == 1 ? thisMonth.minusMonths(1) : thisMonth;
        var grid = page("/products/units?year=" + year, manager, Locale.ENGLISH);
        var jan = "u:" + id + ":-:" + year + "-01";
        var feb = "u:" + id + ":-:" + year + "-02";
        assertThat(grid).contains(code, "name=\"" + jan + "\"");

        mvc.perform(post("/products/units")
                        .with(manager)
                        .with(csrf())
                        .param("year", String.valueOf(year))
                        .param(jan, "120")
                        .param("was:" + id + ":-:" + year + "-01", "")
                        .param(feb, "")
                        .param("was:" + id + ":-:" + year + "-02", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(db.fetchCount(UNITS_SOLD, UNITS_SOLD.PRODUCT_ID.eq(id))).isEqualTo(1);
        assertThat(page("/products/units?year=" + year, manager, Locale.ENGLISH))
                .contains("value=\"120\"");

        // Someone else changes January meanwhile; a grid that did not touch January leaves it alone.
        db.update(UNITS_SOLD)
                .set(UNITS_SOLD.UNITS, 130)
                .where(UNITS_SOLD.PRODUCT_ID.eq(id))
                .execute();
        mvc.perform(post("/products/units")
                        .with(manager)
                        .with(csrf())
                        .param("year", String.valueOf(year))
                        .param(jan, "120")
                        .param("was:" + id + ":-:" + year + "-01", "120")
                        .param(feb, "7")
                        .param("was:" + id + ":-:" + year + "-02", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(db.select(UNITS_SOLD.UNITS)
                        .from(UNITS_SOLD)
                        .where(UNITS_SOLD.PRODUCT_ID.eq(id))
                        .orderBy(UNITS_SOLD.SOLD_MONTH)
                        .fetch(UNITS_SOLD.UNITS))
                .containsExactly(130, 7);

        var bad = mvc.perform(post("/products/units")
                        .with(manager)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("year", String.valueOf(year))
                        .param(feb, "many")
                        .param("was:" + id + ":-:" + year + "-02", "7"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(bad).contains("Nothing was saved", "Not a number of units", "value=\"many\"");

        // Emptying a cell removes its figure.
        mvc.perform(post("/products/units")
                        .with(manager)
                        .with(csrf())
                        .param("year", String.valueOf(year))
                        .param(feb, "")
                        .param("was:" + id + ":-:" + year + "-02", "7"))
                .andExpect(status().is3xxRedirection());
        assertThat(db.fetchCount(UNITS_SOLD, UNITS_SOLD.PRODUCT_ID.eq(id))).isEqualTo(1);

        var file = new MockMultipartFile(
                "file",
                "units.csv",
                "text/csv",
                ("\uFEFFproduct_code,version,month,units\n" + code + ",," + imported + ",55\n")
                        .getBytes(StandardCharsets.UTF_8));
        var answer = mvc.perform(multipart("/products/units/import")
                        .file(file)
                        .with(manager)
                        .with(csrf())
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(answer).contains("Imported 1 lines: 1 new, 0 changed, 0 unchanged.");
        var wrong = new MockMultipartFile(
                "file", "units.csv", "text/csv", (code + ",,2025-01,x\n").getBytes(StandardCharsets.UTF_8));
        var refused = mvc.perform(multipart("/products/units/import")
                        .file(wrong)
                        .with(manager)
                        .with(csrf())
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("Line 1: x is not a number of units");
        assertThat(page("/products/" + id, manager, Locale.ENGLISH)).contains("130", "55");
    }
}
