package dev.dossier.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.ImportClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Importing customers from files as a user does it over the API: real files in each encoding and format, the columns
 * guessed from Chinese and English headers, a preview that writes nothing, the run in the background, rows with
 * problems rejected for the right reason and reported, duplicates found against the data and inside the file, the
 * same file imported twice creating nothing twice, and the import right enforced.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportTest {

    private static final String IMPORTS = "/api/v1/imports";
    private static final Charset GBK = Charset.forName("GBK");
    private static final AtomicInteger NUMBERS = new AtomicInteger(new Random().nextInt(9_000_000));

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

    /**
     * A mobile number no other test uses. Its first seven digits differ from the last one's too: the quick search
     * finds a number by them.
     */
    private static String mobile() {
        return "13" + String.format("%09d", NUMBERS.incrementAndGet() * 7_919L * 104_729L % 1_000_000_000L);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private ApiClient.Answer upload(ApiClient client, String fileName, byte[] content) {
        return ImportClient.upload(client, null, fileName, content);
    }

    private JsonNode awaitState(String id, String... states) {
        return new ImportClient(admin).awaitState(id, states);
    }

    private JsonNode run(String id, String onDuplicate) {
        return new ImportClient(admin).run(id, onDuplicate);
    }

    private long customersWithName(String name) {
        return db.fetchCount(db.selectFrom("customer").where("name = ? and deleted_at is null", name));
    }

    @Test
    void aGbkSpreadsheetWithChineseHeadersIsPreviewedThenImportedWithItsContactsAndItsBadRowsReported() {
        var tag = unique();
        var zhang = "张伟" + tag;
        var company = "华信贸易有限公司" + tag;
        var m1 = mobile();
        var m2 = mobile();
        var m3 = mobile();
        var csv = String.join(
                "\r\n",
                "姓名,手机,邮箱,公司,职位,客户等级,行业,省份,城市,标签,出生日期,备注",
                zhang + "," + m1 + ",zw" + tag + "@example.cn,,,VIP,,广东,深圳,重点;" + tag + ",1985年3月5日,老客户",
                "李娜," + m2 + ",,\"" + company + "\",采购经理,重要客户,批发,上海,上海," + tag + ",,",
                "王强," + m3 + ",,\"" + company + "\",财务总监,重要,批发,上海,上海,,,",
                "赵敏,12345,,,,,,,,,,",
                "钱多,,,,,超级VIP,,,,,,",
                "孙丽," + mobile() + ",,,,,,,,,1990-02-30,",
                "");
        var answer = upload(admin, "客户名单.csv", csv.getBytes(GBK));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        var job = answer.json();
        var id = job.get("id").asString();
        assertThat(answer.header("Location")).isEqualTo(IMPORTS + "/" + id);
        assertThat(job.get("encoding").asString()).isEqualTo("GB18030");
        assertThat(job.get("rowsTotal").asLong()).isEqualTo(6);
        var fields = new ArrayList<String>();
        job.get("columns")
                .forEach(c -> fields.add(
                        c.get("field").isNull() ? null : c.get("field").asString()));
        assertThat(fields)
                .containsExactly(
                        "NAME",
                        "MOBILE",
                        "EMAIL",
                        "COMPANY",
                        "JOB_TITLE",
                        "GRADE",
                        "INDUSTRY",
                        "PROVINCE",
                        "CITY",
                        "TAGS",
                        "BIRTH_DATE",
                        "REMARKS");

        // The preview judges every row and writes nothing.
        var previewed = admin.post(IMPORTS + "/" + id + "/preview", "{}");
        assertThat(previewed.status()).as(previewed.body()).isEqualTo(202);
        var preview = awaitState(id, "PREVIEWED");
        assertThat(preview.get("counts").get("created").asLong()).isEqualTo(2);
        assertThat(preview.get("counts").get("updated").asLong()).isEqualTo(1);
        assertThat(preview.get("counts").get("invalid").asLong()).isEqualTo(3);
        assertThat(customersWithName(zhang)).isZero();
        assertThat(customersWithName(company)).isZero();

        var done = run(id, "SKIP");
        assertThat(done.get("state").asString()).isEqualTo("DONE");
        assertThat(done.get("rowsDone").asLong()).isEqualTo(6);
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(2);
        assertThat(done.get("counts").get("updated").asLong()).isEqualTo(1);
        assertThat(done.get("counts").get("invalid").asLong()).isEqualTo(3);

        // The individual with every field, found by the quick search on the mobile, history marked imported.
        var found = admin.get("/api/v1/customers?q=" + m1).json().get("items");
        assertThat(found).hasSize(1);
        var person = admin.get("/api/v1/customers/" + found.get(0).get("id").asString())
                .json();
        assertThat(person.get("name").asString()).isEqualTo(zhang);
        assertThat(person.get("grade").asString()).isEqualTo("VIP");
        assertThat(person.get("birthDate").asString()).isEqualTo("1985-03-05");
        assertThat(person.get("province").asString()).isEqualTo("广东");
        assertThat(person.get("tags").toString()).contains("重点").contains(tag);
        assertThat(db.fetchValue(
                        "select source from customer_change where customer_id = ?",
                        UUID.fromString(person.get("id").asString())))
                .isEqualTo("IMPORT");

        // The company once, with both people as contacts, each with their own mobile.
        assertThat(customersWithName(company)).isEqualTo(1);
        var companyId = admin.get("/api/v1/customers?q=" + URLEncoder.encode(company, StandardCharsets.UTF_8))
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        var contacts = admin.get("/api/v1/customers/" + companyId + "/contacts").json();
        assertThat(contacts).hasSize(2);
        assertThat(contacts.toString())
                .contains("李娜")
                .contains("采购经理")
                .contains("王强")
                .contains("财务总监");
        assertThat(admin.get("/api/v1/customers?q=" + m3)
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(companyId);

        // Each bad row is reported with its row number, column and reason, in the reader's language.
        var problems = admin.get(IMPORTS + "/" + id + "/problems").json();
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0).get("line").asLong()).isEqualTo(5);
        assertThat(problems.get(0).get("field").asString()).isEqualTo("手机");
        assertThat(problems.get(1).get("line").asLong()).isEqualTo(6);
        assertThat(problems.get(1).get("field").asString()).isEqualTo("客户等级");
        assertThat(problems.get(1).get("message").asString()).contains("超级VIP");
        assertThat(problems.get(2).get("field").asString()).isEqualTo("出生日期");
        var report = admin.send(admin.request(IMPORTS + "/" + id + "/report")
                .setHeader("Accept", "text/csv")
                .header("Accept-Language", "zh-CN")
                .GET()
                .build());
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.header("Content-Type")).startsWith("text/csv");
        assertThat(report.body()).startsWith("\uFEFF行号,列,问题,姓名,手机");
        assertThat(report.body()).contains("5,手机,").contains("赵敏,12345");

        // The file is no longer kept; the audit trail has the import with the file's digest.
        assertThat(db.fetchCount(db.selectFrom("import_chunk").where("import_id = ?", UUID.fromString(id))))
                .isZero();
        // The trail's writer links the entry into the chain a moment after the import ends.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> db.fetchCount(db.selectFrom("audit_entry")
                                .where("action = 'data.imported' and subject_id = ?", UUID.fromString(id)))
                        > 0);
    }

    @Test
    void theSameFileImportedTwiceCreatesNothingTwiceAndDuplicatesAreFoundInTheDataAndInTheFile() {
        var tag = unique();
        var existing = mobile();
        var created = admin.post(
                "/api/v1/customers",
                "{\"type\":\"INDIVIDUAL\",\"name\":\"Existing %s\",\"phones\":[{\"type\":\"MOBILE\",\"number\":\"%s\"}]}"
                        .formatted(tag, existing));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var fresh = mobile();
        var csv = String.join(
                "\n",
                "\uFEFFName;Mobile;Email;Lifecycle Stage",
                "Anna " + tag + ";+86 " + existing.substring(0, 3) + " " + existing.substring(3, 7) + " "
                        + existing.substring(7) + ";anna" + tag + "@example.com;Customer",
                "Ben " + tag + ";" + fresh + ";;prospect",
                // The same person again, the number written with full-width digits.
                "Ben " + tag + ";" + toFullWidth(fresh) + ";;prospect");
        var first = upload(admin, "contacts.csv", csv.getBytes(StandardCharsets.UTF_8))
                .json();
        assertThat(first.get("encoding").asString()).isEqualTo("UTF-8");
        var done = run(first.get("id").asString(), "FILL_BLANKS");
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(1);
        // Anna is the existing customer by her mobile: her blank email and stage filled in.
        assertThat(done.get("counts").get("updated").asLong()).isEqualTo(1);
        assertThat(done.get("counts").get("skipped").asLong()).isEqualTo(1);
        assertThat(done.get("counts").get("duplicates").asLong()).isEqualTo(2);
        var anna = admin.get("/api/v1/customers?q=" + existing).json().get("items");
        assertThat(anna).hasSize(1);
        assertThat(anna.get(0).get("name").asString()).isEqualTo("Existing " + tag);
        assertThat(customersWithName("Ben " + tag)).isEqualTo(1);

        // The same file again: every row is found, nothing is created.
        var second = upload(admin, "contacts.csv", csv.getBytes(StandardCharsets.UTF_8))
                .json();
        var again = run(second.get("id").asString(), "SKIP");
        assertThat(again.get("counts").get("created").asLong()).isZero();
        assertThat(again.get("counts").get("skipped").asLong()).isEqualTo(3);
        assertThat(customersWithName("Ben " + tag)).isEqualTo(1);
    }

    private static String toFullWidth(String digits) {
        var out = new StringBuilder();
        digits.chars().forEach(c -> out.append((char) (c - '0' + '０')));
        return out.toString();
    }

    @Test
    void anXlsxWorkbookIsReadAsAStreamWithItsDatesAndNumbers() throws Exception {
        var tag = unique();
        var m = mobile();
        var out = new ByteArrayOutputStream();
        try (var workbook = new XSSFWorkbook()) {
            var sheet = workbook.createSheet("客户");
            var head = sheet.createRow(0);
            String[] headers = {"Customer Name", "Mobile", "Date of Birth", "Grade", "Owner"};
            for (int i = 0; i < headers.length; i++) {
                head.createCell(i).setCellValue(headers[i]);
            }
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("Chen " + tag);
            row.createCell(1).setCellValue(Double.parseDouble(m));
            var date = row.createCell(2);
            date.setCellValue(java.time.LocalDate.of(1979, 11, 23));
            var style = workbook.createCellStyle();
            style.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy/m/d"));
            date.setCellStyle(style);
            row.createCell(3).setCellValue("Important");
            row.createCell(4).setCellValue(TestUsers.ADMIN);
            workbook.write(out);
        }
        var job = upload(admin, "customers.xlsx", out.toByteArray());
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().get("format").asString()).isEqualTo("XLSX");
        var done = run(job.json().get("id").asString(), "SKIP");
        assertThat(done.get("counts").get("created").asLong())
                .as(done.toString())
                .isEqualTo(1);
        var chen = admin.get("/api/v1/customers?q=" + m).json().get("items").get(0);
        var full = admin.get("/api/v1/customers/" + chen.get("id").asString()).json();
        assertThat(full.get("birthDate").asString()).isEqualTo("1979-11-23");
        assertThat(full.get("grade").asString()).isEqualTo("IMPORTANT");
    }

    @Test
    void aBrokenFileIsRefusedWithTheRowWhereItBreaksAndNothingIsKept() {
        long before = db.fetchCount(db.selectFrom("import_job"));
        var open = upload(admin, "broken.csv", "Name,Mobile\nA,1\n\"B,2\nC,3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(open.status()).isEqualTo(422);
        assertThat(open.header("Content-Type")).startsWith("application/problem+json");
        assertThat(open.body()).contains("file").contains("3");
        var mixed = new ByteArrayOutputStream();
        mixed.writeBytes("Name,Mobile\n张三,13800000000\n".getBytes(StandardCharsets.UTF_8));
        mixed.writeBytes("李四,13800000001\n".getBytes(GBK));
        var mixedAnswer = upload(admin, "mixed.csv", mixed.toByteArray());
        assertThat(mixedAnswer.status()).isEqualTo(422);
        assertThat(mixedAnswer.body()).contains("import.file.mixed-encoding");
        assertThat(upload(admin, "empty.csv", new byte[0]).status()).isEqualTo(422);
        assertThat(upload(admin, "header.csv", "Name,Mobile\n".getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(422);
        var bomb = upload(admin, "fake.xlsx", "PK\u0003\u0004 not a zip at all".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(bomb.status()).isEqualTo(422);
        assertThat(bomb.body()).contains("import.file.unreadable-workbook");
        assertThat(db.fetchCount(db.selectFrom("import_job"))).isEqualTo(before);
        assertThat(db.fetchCount(db.selectFrom("import_chunk").where("import_id not in (select id from import_job)")))
                .isZero();
    }

    @Test
    void onlyThoseWithTheImportRightImportAndEachSeesOnlyTheirOwnImports() {
        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var refused = upload(seller, "x.csv", "Name,Mobile\nA,13800000000\n".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(seller.get(IMPORTS).status()).isEqualTo(403);

        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var mine = upload(manager, "mine.csv", "Name,Mobile\nA,13800000000\n".getBytes(StandardCharsets.UTF_8));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        var other = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var id = mine.json().get("id").asString();
        assertThat(other.get(IMPORTS + "/" + id).status()).isEqualTo(404);
        assertThat(other.get(IMPORTS).body()).doesNotContain(id);
        assertThat(admin.get(IMPORTS + "/" + id).status()).isEqualTo(200);
        // A mapping that names no column with a name is refused with a clear error.
        var bad = manager.put(
                IMPORTS + "/" + id,
                "{\"columns\":[{\"index\":1,\"field\":\"MOBILE\"},{\"index\":7,\"field\":\"EMAIL\"}],"
                        + "\"onDuplicate\":\"SKIP\",\"ownerRule\":\"IMPORTER\",\"version\":0}",
                null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("import.mapping.needs-name").contains("import.mapping.no-such-column");
    }

    @Test
    void aFileOfThousandsOfRowsGoesInBatchByBatchAndEveryCustomerGetsItsContactSummary() {
        var tag = unique();
        var rows = new StringBuilder("Name,Mobile\n");
        for (int i = 0; i < 3_000; i++) {
            rows.append("Bulk ")
                    .append(tag)
                    .append(' ')
                    .append(i)
                    .append(',')
                    .append(mobile())
                    .append('\n');
        }
        var job = upload(admin, "bulk.csv", rows.toString().getBytes(StandardCharsets.UTF_8))
                .json();
        var id = job.get("id").asString();
        var done = run(id, "SKIP");
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(3_000);
        assertThat(db.fetchCount(db.selectFrom("customer").where("name like ?", "Bulk " + tag + " %")))
                .isEqualTo(3_000);
        // The summary every customer has, so that lists of customers not contacted find the imported ones.
        assertThat(db.fetchCount(db.selectFrom("customer_contact_summary")
                        .where("customer_id in (select id from customer where name like ?)", "Bulk " + tag + " %")))
                .isEqualTo(3_000);
    }

    @Test
    void anImportIsUndoneExceptForWhatSomeoneChangedSince() {
        var tag = unique();
        var kept = mobile();
        var trashed = mobile();
        var existing = mobile();
        var company = "撤销公司" + tag;
        var before = admin.post(
                "/api/v1/customers",
                "{\"type\":\"INDIVIDUAL\",\"name\":\"Before %s\",\"phones\":[{\"type\":\"MOBILE\",\"number\":\"%s\"}]}"
                        .formatted(tag, existing));
        assertThat(before.status()).isEqualTo(201);
        var firm = admin.post(
                "/api/v1/customers",
                "{\"type\":\"COMPANY\",\"name\":\"%s\",\"industry\":\"RETAIL\"}".formatted(company));
        assertThat(firm.status()).isEqualTo(201);
        var csv = String.join(
                "\n",
                "Name,Mobile,Email,Company,Remarks",
                "Kept " + tag + "," + kept + ",,,",
                "Trashed " + tag + "," + trashed + ",,,",
                "Before " + tag + "," + existing + ",before" + tag + "@example.com,,from the file",
                "Zhou " + tag + "," + mobile() + ",,\"" + company + "\",");
        var job =
                upload(admin, "undo.csv", csv.getBytes(StandardCharsets.UTF_8)).json();
        var id = job.get("id").asString();
        var done = run(id, "FILL_BLANKS");
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(2);
        assertThat(done.get("counts").get("updated").asLong()).isEqualTo(2);

        // Someone edits one of the new customers after the import.
        var keptId = admin.get("/api/v1/customers?q=" + kept)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        var keptNow = admin.get("/api/v1/customers/" + keptId);
        var edited = admin.put(
                "/api/v1/customers/" + keptId,
                "{\"type\":\"INDIVIDUAL\",\"name\":\"Kept %s edited\",\"phones\":[{\"type\":\"MOBILE\",\"number\":\"%s\"}]}"
                        .formatted(tag, kept),
                keptNow.header("ETag"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);

        var current = admin.get(IMPORTS + "/" + id).json();
        var undo = admin.post(IMPORTS + "/" + id + "/undo", "{}");
        assertThat(undo.status()).as(undo.body()).isEqualTo(202);
        var undone = awaitState(id, "UNDONE", "FAILED");
        assertThat(undone.get("state").asString()).isEqualTo("UNDONE");
        assertThat(undone.get("counts").get("undone").asLong()).isEqualTo(3);
        assertThat(undone.get("counts").get("kept").asLong()).isEqualTo(1);
        assertThat(current.get("version").asInt())
                .isLessThan(undone.get("version").asInt());

        // The new customer nobody touched is in the trash; the edited one stays.
        assertThat(admin.get("/api/v1/customers?q=" + trashed).json().get("items"))
                .isEmpty();
        assertThat(customersWithName("Kept " + tag + " edited")).isEqualTo(1);
        // The existing customer has its blank email and remarks back; the company lost the contact the import added.
        var restored = admin.get("/api/v1/customers/" + before.json().get("id").asString())
                .json();
        assertThat(restored.get("emails")).isEmpty();
        assertThat(restored.get("remarks").isNull()).isTrue();
        assertThat(admin.get("/api/v1/customers/" + firm.json().get("id").asString() + "/contacts")
                        .json())
                .isEmpty();
        // Only once.
        assertThat(admin.post(IMPORTS + "/" + id + "/undo", "{}").status()).isEqualTo(422);
    }

    @Test
    void vCardsFromAPhoneAreImportedAsCustomersWithTheirNumbers() {
        var tag = unique();
        var m1 = mobile();
        var m2 = mobile();
        var cards = String.join(
                "\r\n",
                "BEGIN:VCARD",
                "VERSION:3.0",
                "N:刘;" + tag + ";;;",
                "TEL;TYPE=CELL:" + m1,
                "X-UNKNOWN-PROPERTY:ignored",
                "END:VCARD",
                "BEGIN:VCARD",
                "VERSION:4.0",
                "FN:Vera " + tag,
                "TEL;VALUE=uri;TYPE=cell:tel:+86-" + m2,
                "EMAIL:vera" + tag + "@example.com",
                "END:VCARD",
                "");
        var job = upload(admin, "contacts.vcf", cards.getBytes(StandardCharsets.UTF_8));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().get("format").asString()).isEqualTo("VCARD");
        assertThat(job.json().get("rowsTotal").asLong()).isEqualTo(2);
        var done = run(job.json().get("id").asString(), "SKIP");
        assertThat(done.get("counts").get("created").asLong())
                .as(done.toString())
                .isEqualTo(2);
        assertThat(customersWithName("刘" + tag)).isEqualTo(1);
        assertThat(admin.get("/api/v1/customers?q=" + m2)
                        .json()
                        .get("items")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("Vera " + tag);
    }

    @Test
    void columnsSavedAsATemplateMapTheNextFileWithTheSameHeaders() {
        var tag = unique();
        // Headers no guess knows: the user maps them once and saves the mapping.
        var csv = "Kundenname,Handy " + tag + ",Notiz\nA " + tag + "," + mobile() + ",x\n";
        var first = upload(admin, "old-crm.csv", csv.getBytes(StandardCharsets.UTF_8))
                .json();
        var id = first.get("id").asString();
        assertThat(first.get("columns").get(1).get("field").isNull()).isTrue();
        var mapped = admin.put(
                IMPORTS + "/" + id,
                ("{\"columns\":[{\"index\":0,\"field\":\"NAME\"},{\"index\":1,\"field\":\"MOBILE\"},"
                                + "{\"index\":2,\"field\":\"REMARKS\"}],\"onDuplicate\":\"SKIP\","
                                + "\"ownerRule\":\"IMPORTER\",\"version\":%d}")
                        .formatted(first.get("version").asInt()),
                null);
        assertThat(mapped.status()).isEqualTo(200);
        var saved = admin.post(IMPORTS + "/" + id + "/template", "{\"name\":\"Old CRM " + tag + "\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        assertThat(admin.get("/api/v1/import-templates").body()).contains("Old CRM " + tag);

        // The next file from the same system, columns in another order: mapped by the template on upload.
        var next = upload(
                        admin,
                        "old-crm-2.csv",
                        ("Notiz,KUNDENNAME,handy " + tag + "\ny,B " + tag + "," + mobile() + "\n")
                                .getBytes(StandardCharsets.UTF_8))
                .json();
        var fields = new ArrayList<String>();
        next.get("columns")
                .forEach(c -> fields.add(
                        c.get("field").isNull() ? null : c.get("field").asString()));
        assertThat(fields).containsExactly("REMARKS", "NAME", "MOBILE");
        assertThat(admin.post(IMPORTS + "/" + id + "/template", "{\"name\":\"\"}")
                        .status())
                .isEqualTo(422);
        var templateId = saved.json().get("id").asString();
        assertThat(admin.delete("/api/v1/import-templates/" + templateId).status())
                .isEqualTo(204);
        assertThat(admin.delete("/api/v1/import-templates/" + templateId).status())
                .isEqualTo(404);
    }
}
