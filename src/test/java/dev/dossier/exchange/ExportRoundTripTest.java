package dev.dossier.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A filtered customer list taken out as CSV, XLSX and vCard: the list's filter and the reader's reach decide the rows, the
 * reader's role decides what each value shows, a cell a spreadsheet would run as a formula stays text, the export
 * is audited, and a file exported imports again as the same customers.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportRoundTripTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    private static String mobile() {
        return "137" + String.format("%08d", new Random().nextInt(100_000_000));
    }

    private JsonNode create(String json) {
        var answer = admin.post("/api/v1/customers", json);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private HttpResponse<byte[]> download(ApiClient client, String query) {
        return client.download("/api/v1/customers/export?" + query, "zh-CN");
    }

    @Test
    void anExportedListImportsAgainAsTheSameCustomers() throws Exception {
        var tag = "exp" + UUID.randomUUID().toString().substring(0, 6);
        var m1 = mobile();
        var first =
                create(("{\"type\":\"INDIVIDUAL\",\"name\":\"导出甲%s\",\"grade\":\"VIP\",\"lifecycleStage\":\"CUSTOMER\","
                                + "\"gender\":\"FEMALE\",\"birthDate\":\"1988-08-08\",\"province\":\"浙江\",\"city\":\"杭州\","
                                + "\"phones\":[{\"type\":\"MOBILE\",\"number\":\"%s\"}],\"emails\":[{\"type\":\"PERSONAL\","
                                + "\"address\":\"jia%s@example.cn\"}],\"tags\":[\"%s\"],\"remarks\":\"=HYPERLINK(\\\"x\\\")\"}")
                        .formatted(tag, m1, tag, tag));
        var second = create(
                ("{\"type\":\"COMPANY\",\"name\":\"导出乙%s有限公司\",\"industry\":\"RETAIL\",\"region\":\"EAST_CHINA\","
                                + "\"phones\":[{\"type\":\"WORK\",\"number\":\"021-6234 5678\"}],\"tags\":[\"%s\"]}")
                        .formatted(tag, tag));
        var m3 = mobile();
        var contact = admin.post(
                "/api/v1/customers/" + second.get("id").asString() + "/contacts",
                ("{\"name\":\"联系人丙%s\",\"jobTitle\":\"采购经理\",\"department\":\"采购部\","
                                + "\"phones\":[{\"type\":\"MOBILE\",\"number\":\"%s\"}]}")
                        .formatted(tag, m3));
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        create("{\"type\":\"INDIVIDUAL\",\"name\":\"Other %s\",\"phones\":[{\"type\":\"MOBILE\",\"number\":\"%s\"}]}"
                .formatted(tag, mobile()));

        var csv = download(admin, "tag=" + tag + "&format=CSV");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        var text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF原系统编号,类型（个人或企业）,姓名/名称,手机");
        var lines = text.strip().split("\r?\n");
        assertThat(lines).hasSize(3);
        assertThat(text).contains("导出甲" + tag).contains("导出乙" + tag).doesNotContain("Other " + tag);
        assertThat(text).contains("VIP").contains("成交客户").contains("零售").contains("'+86" + m1.substring(0, 3));
        // A formula stays text.
        assertThat(text).contains("\"'=HYPERLINK(\"\"x\"\")\"");
        // The trail's writer links the entry into the chain a moment after the export.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> db.fetchCount(db.selectFrom("audit_entry")
                                .where("action = 'data.exported' and detail like ?", "%" + tag + "%"))
                        > 0);

        // Finance may export but not see contact details: the file leaves them out, as the dossier does. A seller
        // has no export right.
        var finance = new ApiClient(port).signIn(users.create(Role.FINANCE), TestUsers.PASSWORD);
        var hidden = download(finance, "tag=" + tag);
        assertThat(hidden.statusCode()).isEqualTo(200);
        var hiddenText = new String(hidden.body(), StandardCharsets.UTF_8);
        assertThat(hiddenText)
                .contains("导出甲" + tag)
                .doesNotContain(m1.substring(3))
                .doesNotContain("jia" + tag);
        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        assertThat(download(seller, "tag=" + tag).statusCode()).isEqualTo(403);

        // The same list as XLSX.
        var xlsx = download(admin, "tag=" + tag + "&format=XLSX");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("姓名/名称");
        }

        // And as vCards, for an address book: a card a customer, the company as an organisation.
        var vcf = download(admin, "tag=" + tag + "&format=VCF");
        assertThat(vcf.statusCode()).isEqualTo(200);
        assertThat(vcf.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/vcard");
        var cards = ezvcard.Ezvcard.parse(new String(vcf.body(), StandardCharsets.UTF_8))
                .all();
        assertThat(cards).hasSize(3);
        var person = cards.stream()
                .filter(c -> c.getFormattedName().getValue().equals("导出甲" + tag))
                .findFirst()
                .orElseThrow();
        assertThat(person.getVersion()).isEqualTo(ezvcard.VCardVersion.V4_0);
        assertThat(person.getUid().getValue())
                .isEqualTo("urn:uuid:" + first.get("id").asString());
        assertThat(person.getTelephoneNumbers().getFirst().getText()).contains(m1.substring(3));
        assertThat(person.getEmails().getFirst().getValue()).isEqualTo("jia" + tag + "@example.cn");
        assertThat(person.getBirthday().getDate().toString()).isEqualTo("1988-08-08");
        assertThat(person.getCategories().getValues()).containsExactly(tag);
        var company = cards.stream()
                .filter(c -> c.getFormattedName().getValue().equals("导出乙" + tag + "有限公司"))
                .findFirst()
                .orElseThrow();
        assertThat(company.getKind().isOrg()).isTrue();
        assertThat(company.getOrganization().getValues()).containsExactly("导出乙" + tag + "有限公司");
        // The company's contact follows it, a card of its own under the company's name and department.
        var person2 = cards.stream()
                .filter(c -> c.getFormattedName().getValue().equals("联系人丙" + tag))
                .findFirst()
                .orElseThrow();
        assertThat(person2.getOrganization().getValues()).containsExactly("导出乙" + tag + "有限公司", "采购部");
        assertThat(person2.getTitles().getFirst().getValue()).isEqualTo("采购经理");
        assertThat(person2.getTelephoneNumbers().getFirst().getText()).contains(m3.substring(3));
        assertThat(person2.getUid().getValue())
                .isEqualTo("urn:uuid:" + contact.json().get("id").asString());

        // The company's contacts as a file of their own, each row naming its company.
        var contactsFile = admin.download("/api/v1/customers/export/contacts?tag=" + tag, "zh-CN");
        assertThat(contactsFile.statusCode()).isEqualTo(200);
        var contactsText = new String(contactsFile.body(), StandardCharsets.UTF_8);
        assertThat(contactsText).startsWith("\uFEFF原系统编号,公司");
        assertThat(contactsText.strip().split("\r?\n")).hasSize(2);
        assertThat(contactsText)
                .contains(second.get("id").asString())
                .contains("联系人丙" + tag)
                .contains("采购经理")
                .contains("采购部");

        // Both go to the trash; the exported file brings them back as new customers with the same values.
        for (var c : List.of(first, second)) {
            assertThat(admin.delete("/api/v1/customers/" + c.get("id").asString())
                            .status())
                    .isEqualTo(204);
        }
        var upload = admin.send(
                admin.request("/api/v1/imports?fileName=" + URLEncoder.encode("导出.csv", StandardCharsets.UTF_8))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(csv.body()))
                        .build());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        var columns = new ArrayList<String>();
        upload.json().get("columns").forEach(c -> columns.add(c.get("field").asString()));
        assertThat(columns).doesNotContainNull();
        var id = upload.json().get("id").asString();
        assertThat(admin.post("/api/v1/imports/" + id + "/start", "{}").status())
                .isEqualTo(202);
        var done = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> admin.get("/api/v1/imports/" + id).json(),
                        j -> "DONE".equals(j.get("state").asString()));
        assertThat(done.get("counts").get("created").asLong())
                .as(done.toString())
                .isEqualTo(2);
        var again = admin.get("/api/v1/customers?q=" + m1).json().get("items").get(0);
        var full = admin.get("/api/v1/customers/" + again.get("id").asString()).json();
        for (var field :
                List.of("name", "grade", "lifecycleStage", "gender", "birthDate", "province", "city", "remarks")) {
            assertThat(full.get(field)).as(field).isEqualTo(first.get(field));
        }
        assertThat(full.get("emails")).isEqualTo(first.get("emails"));
        assertThat(full.get("tags")).isEqualTo(first.get("tags"));
        assertThat(full.get("phones").get(0).get("number"))
                .isEqualTo(first.get("phones").get(0).get("number"));
        assertThat(full.get("id")).isNotEqualTo(first.get("id"));

        // The contacts file then brings the contact back to the company it named.
        var contactsImport = startImport(contactsFile.body(), "联系人.csv", "FILL_BLANKS");
        var contactsDone = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> admin.get("/api/v1/imports/" + contactsImport).json(),
                        j -> "DONE".equals(j.get("state").asString()));
        assertThat(contactsDone.get("counts").get("created").asLong())
                .as(contactsDone.toString())
                .isZero();
        assertThat(contactsDone.get("counts").get("updated").asLong())
                .as(contactsDone.toString())
                .isEqualTo(1);
        var backAgain = admin.get("/api/v1/customers?tag=" + tag + "&type=COMPANY")
                .json()
                .get("items")
                .get(0);
        var people = admin.get("/api/v1/customers/" + backAgain.get("id").asString() + "/contacts")
                .body();
        assertThat(people).contains("联系人丙" + tag).contains("采购经理");
    }

    /** Uploads a file and starts its import with the columns guessed; answers the import's id. */
    private String startImport(byte[] file, String name, String onDuplicate) {
        var upload =
                admin.send(admin.request("/api/v1/imports?fileName=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        var id = upload.json().get("id").asString();
        var settings = new java.util.LinkedHashMap<String, Object>();
        var columns = new ArrayList<Object>();
        upload.json()
                .get("columns")
                .forEach(c -> columns.add(java.util.Map.of(
                        "index", c.get("index").asInt(), "field", c.get("field").asString())));
        settings.put("columns", columns);
        settings.put("onDuplicate", onDuplicate);
        settings.put("ownerRule", "IMPORTER");
        var configured = admin.put("/api/v1/imports/" + id, ApiClient.json(settings), upload.header("ETag"));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(admin.post("/api/v1/imports/" + id + "/start", "{}").status())
                .isEqualTo(202);
        return id;
    }
}
