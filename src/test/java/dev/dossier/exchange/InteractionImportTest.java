package dev.dossier.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.ImportClient;
import dev.dossier.support.TestUsers;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Bringing in the interactions of an old system over the API, after its customers: rows matched to customers by the
 * id the customer import kept, by phone or by email however written, checked with the form's rules, the bad rows
 * reported, the same file twice logging nothing twice, an overwrite that changes only what changed, an undo that
 * leaves what someone changed since, and the import rights.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteractionImportTest {

    private static final String IMPORTS = "/api/v1/imports";
    private static final Charset GBK = Charset.forName("GBK");
    private static final AtomicInteger NUMBERS = new AtomicInteger(new Random().nextInt(9_000_000));

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    dev.dossier.shared.Formats formats;

    private ApiClient admin;
    private ImportClient imports;
    private String seller;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        imports = new ImportClient(admin);
        seller = users.create(Role.SALES);
    }

    /**
     * The roll-ups the reports read agree with the interactions: the seller's day roll-ups with a grouping of their
     * interactions, and each customer's last contact and count with theirs.
     */
    private void assertRollupsAgree(List<UUID> customers) {
        var sellerId = users.id(seller);
        var rolled = db.fetchOne(
                "SELECT COALESCE(SUM(interactions), 0), COALESCE(SUM(satisfaction_sum), 0),"
                        + " COALESCE(SUM(satisfaction_count), 0), COALESCE(SUM(needs_follow_up), 0)"
                        + " FROM interaction_daily WHERE owner_id = ?",
                sellerId);
        var counted = db.fetchOne(
                "SELECT COUNT(*), COALESCE(SUM(satisfaction), 0), COUNT(satisfaction),"
                        + " COALESCE(SUM(CASE WHEN outcome = 'NEEDS_FOLLOW_UP' THEN 1 ELSE 0 END), 0)"
                        + " FROM interaction WHERE owner_id = ? AND deleted_at IS NULL",
                sellerId);
        for (int i = 0; i < 4; i++) {
            assertThat(rolled.get(i, Long.class)).as("roll-up column " + i).isEqualTo(counted.get(i, Long.class));
        }
        for (var customer : customers) {
            var summary = db.fetchOne(
                    "SELECT last_at, interactions FROM customer_contact_summary WHERE customer_id = ?", customer);
            var actual = db.fetchOne(
                    "SELECT MAX(started_at), COUNT(*) FROM interaction WHERE customer_id = ? AND deleted_at IS NULL",
                    customer);
            assertThat(summary.get(1, Long.class)).isEqualTo(actual.get(1, Long.class));
            var last = actual.get(0, OffsetDateTime.class);
            var rolledLast = summary.get(0, OffsetDateTime.class);
            assertThat(rolledLast == null ? null : rolledLast.toInstant())
                    .isEqualTo(last == null ? null : last.toInstant());
        }
    }

    private static String mobile() {
        return "13" + String.format("%09d", NUMBERS.incrementAndGet() * 7_919L * 104_729L % 1_000_000_000L);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private ApiClient.Answer upload(ApiClient client, String kind, String fileName, byte[] content) {
        return ImportClient.upload(client, kind, fileName, content);
    }

    private JsonNode awaitState(String id, String... states) {
        return imports.awaitState(id, states);
    }

    private ApiClient.Answer configure(String id, String onDuplicate) {
        return imports.configure(id, onDuplicate);
    }

    private JsonNode run(String id, String onDuplicate) {
        return imports.run(id, onDuplicate);
    }

    /**
     * An old system's three customers, brought in first, each keeping its id there.
     *
     * @param tag what makes this test's names and ids its own
     * @param m1 the first customer's mobile
     * @param m2 the second customer's mobile
     * @param email the third customer's email
     */
    private record OldSystem(String tag, String m1, String m2, String email) {}

    private OldSystem oldSystem() {
        var tag = unique();
        var old = new OldSystem(tag, mobile(), mobile(), "wq" + tag + "@example.cn");
        importCustomers(old.tag(), old.m1(), old.m2(), old.email());
        return old;
    }

    /** Uploads a file of interactions; its import's id. */
    private String uploadedHistory(String fileName, byte[] content) {
        var answer = upload(admin, "INTERACTIONS", fileName, content);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private void importCustomers(String tag, String m1, String m2, String email) {
        var csv = String.join(
                "\n",
                "客户编号,姓名,手机,邮箱",
                "C1-" + tag + ",张伟" + tag + "," + m1 + ",",
                "C2-" + tag + ",李娜" + tag + "," + m2 + ",",
                "C3-" + tag + ",王强" + tag + ",," + email);
        var job = upload(admin, "CUSTOMERS", "customers.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        var done = run(job.json().get("id").asString(), "SKIP");
        assertThat(done.get("counts").get("created").asLong())
                .as(done.toString())
                .isEqualTo(3);
    }

    private UUID customer(String name) {
        return db.select(DSL.field("id", UUID.class))
                .from("customer")
                .where("name = ?", name)
                .fetchOne(0, UUID.class);
    }

    private List<org.jooq.Record> interactionsOf(UUID customerId) {
        return new ArrayList<>(db.select()
                .from("interaction")
                .where("customer_id = ? and deleted_at is null", customerId)
                .orderBy(DSL.field("started_at"))
                .fetch());
    }

    private String history(OldSystem old, String summary) {
        var tag = old.tag();
        var m2 = old.m2();
        var email = old.email();
        return String.join(
                "\r\n",
                "记录编号,客户编号,客户手机,客户邮箱,跟进时间,跟进方式,方向,时长,主题,跟进内容,跟进结果,满意度,负责人",
                "H1-" + tag + ",C1-" + tag + ",,,2023/5/8 14:30,电话,呼出,1:05," + summary + ",询问报价 " + tag + ",已接通,5,"
                        + seller,
                "H2-" + tag + ",,+86 " + m2.substring(0, 3) + "-" + m2.substring(3, 7) + "-" + m2.substring(7)
                        + ",,2023年6月1日 下午3:15,微信,呼入,,,\"客户咨询安装\n第二行\",需跟进,,",
                "H3-" + tag + ",,," + email.toUpperCase(java.util.Locale.ROOT) + ",2023-07-02,邮件,,20分钟,发送合同" + tag
                        + ",,,4,",
                "H1-" + tag + ",C1-" + tag + ",,,2023/5/8 14:30,电话,呼出,1:05," + summary + ",重复的行,已接通,5,",
                "H5-" + tag + ",C9-" + tag + ",,,2023-07-03 10:00,电话,,,不存在的客户,,,,",
                "H6-" + tag + ",C1-" + tag + ",,,昨天,电话,,,日期不对,,,,",
                "H7-" + tag + ",C2-" + tag + ",,,2023-07-04 09:00,飞鸽传书,,,方式不对,,,7,",
                "H8-" + tag + ",C2-" + tag + ",,,2023-07-05 09:00,拜访,,,拜访,,,,nobody-" + tag,
                "");
    }

    @Test
    void theHistoryOfAnOldSystemLandsOnTheCustomersItNamesAndItsBadRowsAreReported() {
        var old = oldSystem();
        var tag = old.tag();

        var answer =
                upload(admin, "INTERACTIONS", "跟进记录.csv", history(old, "报价").getBytes(GBK));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        var job = answer.json();
        var id = job.get("id").asString();
        assertThat(job.get("kind").asString()).isEqualTo("INTERACTIONS");
        assertThat(job.get("rowsTotal").asLong()).isEqualTo(8);
        var fields = new ArrayList<String>();
        job.get("columns").forEach(c -> fields.add(c.get("field").asString()));
        assertThat(fields)
                .containsExactly(
                        "REFERENCE",
                        "CUSTOMER_REFERENCE",
                        "CUSTOMER_PHONE",
                        "CUSTOMER_EMAIL",
                        "STARTED_AT",
                        "CHANNEL",
                        "DIRECTION",
                        "DURATION",
                        "SUMMARY",
                        "CONTENT",
                        "OUTCOME",
                        "SATISFACTION",
                        "OWNER");

        // The preview writes nothing and says what would happen.
        assertThat(configure(id, "SKIP").status()).isEqualTo(200);
        assertThat(admin.post(IMPORTS + "/" + id + "/preview", "{}").status()).isEqualTo(202);
        var previewed = awaitState(id, "PREVIEWED", "UPLOADED");
        assertThat(previewed.get("state").asString()).as(previewed.toString()).isEqualTo("PREVIEWED");
        assertThat(previewed.get("counts").get("created").asLong()).isEqualTo(3);
        assertThat(previewed.get("counts").get("skipped").asLong()).isEqualTo(1);
        assertThat(previewed.get("counts").get("invalid").asLong()).isEqualTo(4);
        var zhang = customer("张伟" + tag);
        assertThat(interactionsOf(zhang)).isEmpty();

        var done = run(id, "SKIP");
        assertThat(done.get("state").asString()).isEqualTo("DONE");
        assertThat(done.get("counts").get("created").asLong())
                .as(done.toString())
                .isEqualTo(3);
        assertThat(done.get("counts").get("invalid").asLong()).isEqualTo(4);

        var zone = ZoneId.of(formats.zone().getId());
        var call = interactionsOf(zhang);
        assertThat(call).hasSize(1);
        assertThat(call.getFirst().get("channel", String.class)).isEqualTo("CALL");
        assertThat(call.getFirst().get("direction", String.class)).isEqualTo("OUTBOUND");
        assertThat(call.getFirst().get("duration_minutes", Integer.class)).isEqualTo(65);
        assertThat(call.getFirst().get("summary", String.class)).isEqualTo("报价");
        assertThat(call.getFirst().get("outcome", String.class)).isEqualTo("REACHED");
        assertThat(call.getFirst().get("satisfaction", Integer.class)).isEqualTo(5);
        assertThat(call.getFirst().get("started_at", OffsetDateTime.class).toInstant())
                .isEqualTo(OffsetDateTime.parse("2023-05-08T14:30:00Z")
                        .toLocalDateTime()
                        .atZone(zone)
                        .toInstant());
        // Found by a mobile written another way; the summary is the details' first line; an afternoon time.
        var chat = interactionsOf(customer("李娜" + tag));
        assertThat(chat).hasSize(1);
        assertThat(chat.getFirst().get("channel", String.class)).isEqualTo("CHAT");
        assertThat(chat.getFirst().get("direction", String.class)).isEqualTo("INBOUND");
        assertThat(chat.getFirst().get("summary", String.class)).isEqualTo("客户咨询安装");
        assertThat(chat.getFirst().get("content", String.class)).isEqualTo("客户咨询安装\n第二行");
        assertThat(chat.getFirst().get("outcome", String.class)).isEqualTo("NEEDS_FOLLOW_UP");
        assertThat(chat.getFirst()
                        .get("started_at", OffsetDateTime.class)
                        .atZoneSameInstant(zone)
                        .toLocalTime())
                .hasToString("15:15");
        // Found by an email in capitals; a date alone is the day's first minute.
        var mail = interactionsOf(customer("王强" + tag));
        assertThat(mail).hasSize(1);
        assertThat(mail.getFirst().get("channel", String.class)).isEqualTo("EMAIL");
        assertThat(mail.getFirst().get("duration_minutes", Integer.class)).isEqualTo(20);
        assertRollupsAgree(List.of(zhang, customer("李娜" + tag), customer("王强" + tag)));

        // Each bad row is reported with its column and reason, in the reader's language.
        var problems = admin.get(IMPORTS + "/" + id + "/problems").json();
        var byLine = new java.util.TreeMap<Long, List<String>>();
        problems.forEach(p -> byLine.computeIfAbsent(p.get("line").asLong(), k -> new ArrayList<>())
                .add(p.get("field").asString() + ":" + p.get("code").asString()));
        assertThat(byLine.get(5L)).containsExactly(":import.interaction.earlier-row");
        assertThat(byLine.get(6L)).containsExactly("客户编号:import.interaction.customer.unknown");
        assertThat(byLine.get(7L)).containsExactly("跟进时间:import.date-time.invalid");
        assertThat(byLine.get(8L))
                .containsExactlyInAnyOrder("跟进方式:import.value.unknown", "满意度:interaction.satisfaction.range");
        assertThat(byLine.get(9L)).containsExactly("负责人:import.owner.unknown");
        var report = new String(
                admin.download(IMPORTS + "/" + id + "/report", "zh-CN").body(), StandardCharsets.UTF_8);
        assertThat(report).contains("飞鸽传书").contains("找不到您可访问的");

        // The audit trail has the batch; the search finds the imported words.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> db.fetchCount(db.selectFrom("audit_entry")
                                .where("action = 'interactions.imported' and subject_id = ?", UUID.fromString(id)))
                        > 0);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/api/v1/search?q=" + URLEncoder.encode("询问报价", StandardCharsets.UTF_8))
                        .body()
                        .contains(call.getFirst().get("id", UUID.class).toString()));
    }

    @Test
    void theSameFileTwiceLogsNothingTwiceAnOverwriteChangesOnlyWhatChangedAndAnUndoPutsBack() {
        var old = oldSystem();
        var tag = old.tag();
        var first = uploadedHistory("h.csv", history(old, "报价").getBytes(GBK));
        assertThat(run(first, "SKIP").get("counts").get("created").asLong()).isEqualTo(3);
        var zhang = customer("张伟" + tag);

        var again = uploadedHistory("h.csv", history(old, "报价").getBytes(GBK));
        var skipped = run(again, "SKIP");
        assertThat(skipped.get("counts").get("created").asLong()).isZero();
        assertThat(skipped.get("counts").get("skipped").asLong()).isEqualTo(4);
        assertThat(interactionsOf(zhang)).hasSize(1);

        // Dossier's own export of them, imported again, finds them by their ids: nothing is logged twice.
        var exported = admin.download("/api/v1/interactions/export?customerId=" + zhang + "&format=CSV", "zh-CN");
        assertThat(exported.statusCode()).isEqualTo(200);
        var reimport = uploadedHistory("exported.csv", exported.body());
        var roundTrip = run(reimport, "SKIP");
        assertThat(roundTrip.get("counts").get("created").asLong())
                .as(roundTrip.toString())
                .isZero();
        assertThat(roundTrip.get("counts").get("skipped").asLong()).isEqualTo(1);
        assertThat(interactionsOf(zhang)).hasSize(1);

        // The old system's summary changed: an overwrite changes that one and leaves the others as they are.
        var changed = uploadedHistory("h2.csv", history(old, "第二次报价").getBytes(GBK));
        var overwritten = run(changed, "OVERWRITE");
        assertThat(overwritten.get("counts").get("updated").asLong())
                .as(overwritten.toString())
                .isEqualTo(1);
        assertThat(overwritten.get("counts").get("unchanged").asLong()).isEqualTo(2);
        assertThat(interactionsOf(zhang).getFirst().get("summary", String.class))
                .isEqualTo("第二次报价");
        assertRollupsAgree(List.of(zhang));

        // Undoing the overwrite puts the summary back.
        assertThat(admin.post(IMPORTS + "/" + changed + "/undo", "{}").status()).isEqualTo(202);
        var undoneOverwrite = awaitState(changed, "UNDONE", "FAILED");
        assertThat(undoneOverwrite.get("counts").get("undone").asLong()).isEqualTo(1);
        assertThat(interactionsOf(zhang).getFirst().get("summary", String.class))
                .isEqualTo("报价");

        // Someone edits one of the first import's interactions; undoing that import keeps it, and the one the
        // overwrite and its undo changed since, and deletes the third.
        var mailId = interactionsOf(customer("王强" + tag)).getFirst().get("id", UUID.class);
        var read = admin.get("/api/v1/interactions/" + mailId);
        var edited = admin.put(
                "/api/v1/interactions/" + mailId,
                "{\"channel\":\"EMAIL\",\"direction\":\"OUTBOUND\",\"startedAt\":\"2023-07-02T00:00:00Z\","
                        + "\"summary\":\"edited\",\"outcome\":\"OTHER\"}",
                read.header("ETag"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(admin.post(IMPORTS + "/" + first + "/undo", "{}").status()).isEqualTo(202);
        var undone = awaitState(first, "UNDONE", "FAILED");
        assertThat(undone.get("counts").get("undone").asLong()).isEqualTo(1);
        assertThat(undone.get("counts").get("kept").asLong()).isEqualTo(2);
        assertThat(interactionsOf(customer("李娜" + tag))).isEmpty();
        assertThat(interactionsOf(zhang)).hasSize(1);
        assertThat(interactionsOf(customer("王强" + tag)).getFirst().get("summary", String.class))
                .isEqualTo("edited");
        assertRollupsAgree(List.of(zhang, customer("李娜" + tag), customer("王强" + tag)));
    }

    @Test
    void aContactPersonsNumberNamesTheCompanyAndTheInteractionIsWithThatPerson() {
        var tag = unique();
        var mobile = mobile();
        var companies = "公司,联系人,手机,行业\n华信贸易" + tag + ",刘洋" + tag + "," + mobile + ",批发\n";
        var job = upload(admin, "CUSTOMERS", "firms.csv", companies.getBytes(StandardCharsets.UTF_8));
        var firmsId = job.json().get("id").asString();
        run(firmsId, "SKIP");
        assertThat(admin.get(IMPORTS + "/" + firmsId)
                        .json()
                        .get("counts")
                        .get("created")
                        .asLong())
                .isEqualTo(1);
        var company = customer("华信贸易" + tag);
        var contact = db.select(DSL.field("id", UUID.class))
                .from("contact")
                .where("customer_id = ?", company)
                .fetchOne(0, UUID.class);

        var history = "电话,时间,主题\n" + mobile + ",2024-02-01 10:00,回访\n";
        var id = uploadedHistory("calls.csv", history.getBytes(StandardCharsets.UTF_8));
        var current = admin.get(IMPORTS + "/" + id).json();
        var settings = admin.put(
                IMPORTS + "/" + id,
                "{\"columns\":[{\"index\":0,\"field\":\"CUSTOMER_PHONE\"},{\"index\":1,\"field\":\"STARTED_AT\"},"
                        + "{\"index\":2,\"field\":\"SUMMARY\"}],\"onDuplicate\":\"SKIP\",\"version\":%d}"
                                .formatted(current.get("version").asInt()),
                null);
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        assertThat(admin.post(IMPORTS + "/" + id + "/start", "{}").status()).isEqualTo(202);
        assertThat(awaitState(id, "DONE", "FAILED").get("counts").get("created").asLong())
                .isEqualTo(1);
        var logged = interactionsOf(company);
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst().get("subject_type", String.class)).isEqualTo("contact");
        assertThat(logged.getFirst().get("subject_id", UUID.class)).isEqualTo(contact);
    }

    @Test
    void onlyThoseWithTheRightImportInteractionsAndAMappingNeedsACustomerATimeAndASummary() {
        var csv = "客户编号,时间,主题\nC1,2024-01-01 10:00,x\n".getBytes(StandardCharsets.UTF_8);
        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var refused = upload(seller, "INTERACTIONS", "x.csv", csv);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        assertThat(upload(manager, "INTERACTIONS", "x.csv", csv).status()).isEqualTo(201);
        var nonsense = upload(manager, "FAXES", "x.csv", csv);
        assertThat(nonsense.status()).isEqualTo(422);
        assertThat(nonsense.header("Content-Type")).startsWith("application/problem+json");

        var id = uploadedHistory("x.csv", csv);
        var bad = admin.put(
                IMPORTS + "/" + id,
                "{\"columns\":[{\"index\":0,\"field\":\"NAME\"}],\"onDuplicate\":\"FILL_BLANKS\",\"version\":0}",
                null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body())
                .contains("field.unknown-option")
                .contains("import.mapping.needs-customer")
                .contains("import.mapping.needs-time")
                .contains("import.mapping.needs-summary");
    }
}
