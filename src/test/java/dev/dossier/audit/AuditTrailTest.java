package dev.dossier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.identity.IdentityEvents.RolesChanged;
import dev.dossier.identity.Role;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.PersonalData;
import dev.dossier.shared.Subject;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail as users and auditors meet it: what gets recorded, what it shows and hides, who may see it, and
 * that tampering with it is found at the entry tampered with. The trail is shared by the tests of this context, so
 * each test finds its own entries by names unique to it and puts back whatever it tampers with.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("clock")
class AuditTrailTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditChainWriter writer;

    @Autowired
    AuditQueries queries;

    @Autowired
    AuditVerification verification;

    @Autowired
    List<PersonalData> personalData;

    @Autowired
    UserDirectory directory;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc;
    private ApiClient admin;

    @BeforeAll
    void setUp() {
        jdbc = new JdbcTemplate(dataSource);
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    // ------------------------------------------------------------------ what is recorded

    @Test
    void signInsThroughTheFormAreRecordedWithTheNameTriedAndTheAddress() throws Exception {
        var name = users.create(Role.SALES);
        assertThat(formSignIn(name, "wrong-password")
                        .headers()
                        .firstValue("Location")
                        .orElse(""))
                .contains("/sign-in?error");
        assertThat(formSignIn(name, TestUsers.PASSWORD)
                        .headers()
                        .firstValue("Location")
                        .orElse(""))
                .endsWith("/customers");
        var nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        formSignIn(nobody, "whatever-1");

        var failed = single("sign-in.failed", name);
        assertThat(failed.clientAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(failed.actorId()).isNull();
        assertThat(failed.actorName()).isEqualTo(name);
        assertThat(facts(failed)).containsEntry("username", name).containsEntry("reason", "bad-credentials");
        var user = directory.userByUsername(name).orElseThrow();
        assertThat(failed.subjectId()).isEqualTo(user.id());

        var succeeded = single("sign-in.succeeded", name);
        assertThat(succeeded.actorId()).isEqualTo(user.id());
        assertThat(succeeded.actorName()).isEqualTo(user.displayName());
        assertThat(succeeded.clientAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(succeeded.seq()).isGreaterThan(failed.seq());

        var unknown = single("sign-in.failed", nobody);
        assertThat(facts(unknown)).containsEntry("username", nobody);
        assertThat(unknown.subjectId()).isNull();
    }

    @Test
    void aCustomerChangeThroughTheApiIsRecordedBeforeAndAfterWithSensitiveValuesMasked() throws Exception {
        var name = "审计客户 " + unique();
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("phones", List.of(Map.of("number", "13812345678")));
        body.put("emails", List.of(Map.of("address", "zhang.san.audit@example.com")));
        var created = admin.post("/api/v1/customers", ApiClient.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = UUID.fromString(created.json().get("id").asString());

        var renamed = "审计客户改名 " + unique();
        body.put("name", renamed);
        body.put("phones", List.of(Map.of("number", "13987654321")));
        body.put("emails", List.of(Map.of("address", "li.si.audit@example.com")));
        body.put("version", created.json().get("version").asInt());
        var updated = admin.put("/api/v1/customers/" + id, ApiClient.json(body), null);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);

        var registered = await(
                        () -> entries(new AuditQueries.Filter(null, null, null, "customer.registered", id, null)), 1)
                .getFirst();
        assertThat(registered.actorName()).isNotBlank();
        var changes = await(() -> entries(new AuditQueries.Filter(null, null, null, "customer.changed", id, null)), 1)
                .getFirst()
                .view()
                .changes();
        var byField = new LinkedHashMap<String, AuditDetails.Change>();
        changes.forEach(c -> byField.put(c.field(), c));
        assertThat(byField.get("name").before()).isEqualTo(name);
        assertThat(byField.get("name").after()).isEqualTo(renamed);
        assertThat(byField.get("name").masked()).isFalse();
        assertThat(byField.get("phones").before()).isEqualTo("MOBILE 138****5678");
        assertThat(byField.get("phones").after()).isEqualTo("MOBILE 139****4321");
        assertThat(byField.get("phones").masked()).isTrue();
        assertThat(byField.get("emails").before()).endsWith("z***@example.com");
        assertThat(byField.get("emails").after()).endsWith("l***@example.com");

        // Nowhere in the trail are the plain values.
        for (var plain : List.of("13812345678", "13987654321", "zhang.san.audit", "li.si.audit")) {
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM audit_entry WHERE detail LIKE ?", Long.class, "%" + plain + "%"))
                    .as(plain)
                    .isZero();
        }
        // The page shows the change field by field.
        var page = pageAs(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, "/audit?subjectId=" + id + "&lang=en");
        assertThat(page.body())
                .contains("Customer changed", "138****5678", "139****4321", renamed)
                .doesNotContain("13812345678");
    }

    @Test
    void aRoleChangeIsRecordedWithRolesBeforeAndAfter() {
        var name = users.create(Role.SALES);
        var user = directory.userByUsername(name).orElseThrow();
        var by = directory.userByUsername(TestUsers.ADMIN).orElseThrow();
        transactions.executeWithoutResult(status -> events.publishEvent(
                new RolesChanged(user.id(), Set.of(Role.SALES), Set.of(Role.SALES, Role.MANAGER), by.id())));

        // Creating the user was recorded as well (no roles before); the change is the entry with roles before.
        var entry = await(
                        () -> entries(new AuditQueries.Filter(null, null, null, "user.roles-changed", user.id(), null)),
                        2)
                .stream()
                .filter(e -> "SALES".equals(facts(e).get("before")))
                .findFirst()
                .orElseThrow();
        assertThat(entry.actorId()).isEqualTo(by.id());
        assertThat(entry.actorName()).isEqualTo(by.displayName());
        assertThat(entry.subject()).isEqualTo("user:" + user.id());
        assertThat(facts(entry)).containsEntry("before", "SALES").containsEntry("after", "MANAGER, SALES");
    }

    @Test
    void thePageShowsDetailsEscapedAndTheFiltersNarrowTheEntries() throws Exception {
        var marker = "escape-" + unique();
        trail.append(AuditRecord.of("customer.changed")
                .about(new Subject("customer", UUID.randomUUID()))
                .changes(List.of(new dev.dossier.shared.ValueChange(
                        "remarks", "<b>" + marker + "</b>", "<script>alert(1)</script>", false))));
        var page = pageAs(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, "/audit?lang=en&q=" + marker)
                .body();
        assertThat(page)
                .contains("&lt;b&gt;" + marker + "&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;", "Remarks")
                .doesNotContain("<b>" + marker, "<script>alert");

        var api = new ApiClient(port).signIn(auditor(), TestUsers.PASSWORD);
        var today = java.time.LocalDate.ofInstant(TestClock.now(), TestClock.zone());
        assertThat(api.get("/api/v1/audit?q=" + marker + "&from=" + today + "&to=" + today)
                        .json()
                        .get("items")
                        .size())
                .as("%s on %s", api.get("/api/v1/audit?q=" + marker).body(), today)
                .isEqualTo(1);
        assertThat(api.get("/api/v1/audit?q=" + marker + "&from=" + today.plusDays(1))
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(api.get("/api/v1/audit?q=" + marker + "&to=" + today.minusDays(1))
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(api.get("/api/v1/audit?q=" + marker + "&action=sign-in.failed")
                        .json()
                        .get("items")
                        .size())
                .isZero();
        var entry = api.get("/api/v1/audit?q=" + marker + "&action=customer.changed")
                .json()
                .get("items")
                .get(0);
        assertThat(entry.get("changes").get(0).get("after").asString()).isEqualTo("<script>alert(1)</script>");
        assertThat(api.get("/api/v1/audit?cursor=not-a-cursor").status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ the chain

    @Test
    void anEntryCommitsWithWhatItRecordsAndJoinsTheChainAfterwards() {
        var kept = transactions.execute(
                status -> trail.append(AuditRecord.of("data.exported").with("kind", "kept-" + unique())));
        var dropped = new java.util.concurrent.atomic.AtomicReference<UUID>();
        try {
            transactions.executeWithoutResult(status -> {
                dropped.set(trail.append(AuditRecord.of("data.exported").with("kind", "dropped-" + unique())));
                throw new IllegalStateException("the action failed");
            });
        } catch (IllegalStateException expected) {
            // What failed is not recorded: its entry went with its transaction.
        }

        writer.drain();
        assertThat(writer.idle()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE id = ?", Long.class, kept))
                .isOne();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE id = ?", Long.class, dropped.get()))
                .isZero();
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
    }

    @Test
    void twoHundredConcurrentAppendsMakeOneIntactChain() throws Exception {
        var marker = "concurrent-" + unique();
        var seqs = new ArrayList<Future<UUID>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                seqs.add(executor.submit(() -> trail.append(
                        AuditRecord.of("data.exported").with("kind", marker).with("rows", n))));
            }
        }
        var distinct = new java.util.HashSet<Long>();
        for (var seq : seqs) {
            distinct.add(seqOf(seq.get()));
        }
        assertThat(distinct).hasSize(200);
        assertThat(queries.forEach(new AuditQueries.Filter(null, null, null, null, null, marker), row -> {}))
                .isEqualTo(200);
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
        assertThat(result.entries()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aChangedDetailOrHashIsReportedAtThatEntry() throws Exception {
        var seq = appendSome("tamper-" + unique(), 5).get(2);
        var detail = jdbc.queryForObject("SELECT detail FROM audit_entry WHERE seq = ?", String.class, seq);
        var hash = jdbc.queryForObject("SELECT hash FROM audit_entry WHERE seq = ?", String.class, seq);
        try {
            tamper("UPDATE audit_entry SET detail = ? WHERE seq = ?", detail.replace("tamper-", "forged-"), seq);
            var result = verification.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBrokenSeq()).isEqualTo(seq);
            assertThat(result.problem()).isEqualTo(AuditVerification.Problem.DETAIL_CHANGED);
            tamper("UPDATE audit_entry SET detail = ? WHERE seq = ?", detail, seq);
            assertThat(verification.verify().intact()).isTrue();

            tamper("UPDATE audit_entry SET hash = ? WHERE seq = ?", "0".repeat(64), seq);
            result = verification.verify();
            assertThat(result.firstBrokenSeq()).isEqualTo(seq);
            assertThat(result.problem()).isEqualTo(AuditVerification.Problem.HASH_MISMATCH);
            // The API and the page say so too.
            var api = new ApiClient(port).signIn(auditor(), TestUsers.PASSWORD).get("/api/v1/audit/verification");
            assertThat(api.status()).isEqualTo(200);
            assertThat(api.json().get("intact").asBoolean()).isFalse();
            assertThat(api.json().get("firstBrokenSeq").asLong()).isEqualTo(seq);
            // Marking the forged detail as redacted does not hide it either.
            tamper(
                    "UPDATE audit_entry SET hash = ?, detail = ?, redacted = TRUE WHERE seq = ?",
                    hash,
                    "{\"redacted\":false}",
                    seq);
            assertThat(verification.verify().firstBrokenSeq()).isEqualTo(seq);
        } finally {
            tamper("UPDATE audit_entry SET detail = ?, hash = ?, redacted = FALSE WHERE seq = ?", detail, hash, seq);
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aDeletedEntryIsReportedAsMissing() throws Exception {
        var seq = appendSome("delete-" + unique(), 3).get(1);
        var row = jdbc.queryForMap("SELECT * FROM audit_entry WHERE seq = ?", seq);
        try {
            tamper("DELETE FROM audit_entry WHERE seq = ?", seq);
            var result = verification.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBrokenSeq()).isEqualTo(seq);
            assertThat(result.problem()).isEqualTo(AuditVerification.Problem.MISSING);
            assertThat(result.entries()).isEqualTo(seq - 1);
        } finally {
            var columns = String.join(", ", row.keySet());
            var marks = String.join(", ", row.keySet().stream().map(k -> "?").toList());
            tamper(
                    "INSERT INTO audit_entry (" + columns + ") VALUES (" + marks + ")",
                    row.values().toArray());
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void onPostgresqlTheDatabaseItselfRefusesEditsAndDeletes() {
        assumeTrue(TestDatabase.postgresql(), "H2 has no SQL triggers; there the verification finds tampering");
        var seq = appendSome("guard-" + unique(), 1).getFirst();
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_entry SET detail = '{}' WHERE seq = ?", seq))
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_entry WHERE seq = ?", seq))
                .rootCause()
                .hasMessageContaining("append-only");
        // Nor can an entry be marked redacted without naming the erasure and carrying its seal.
        assertThatThrownBy(() -> jdbc.update(
                        "UPDATE audit_entry SET detail = '{\"redacted\":true}', redacted = TRUE " + "WHERE seq = ?",
                        seq))
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_head SET last_seq = 0"))
                .rootCause()
                .hasMessageContaining("only moves forward");
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void erasingACustomerRedactsTheDetailsAndKeepsTheChainVerifiable() {
        var created = admin.post(
                "/api/v1/customers",
                ApiClient.json(Map.of(
                        "type",
                        "INDIVIDUAL",
                        "name",
                        "抹除客户 " + unique(),
                        "phones",
                        List.of(Map.of(
                                "number",
                                "137"
                                        + String.format(
                                                "%08d",
                                                java.util.concurrent.ThreadLocalRandom.current()
                                                        .nextInt(100_000_000)))))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var customer = UUID.fromString(created.json().get("id").asString());
        var other = UUID.randomUUID();
        // A name no other test gives a customer, so that finding it anywhere in the trail means it was not erased.
        var name = "王小明" + customer.toString().substring(0, 8);
        trail.append(AuditRecord.of("customer.changed")
                .about(new Subject("customer", customer))
                .changes(List.of(new dev.dossier.shared.ValueChange("name", name, "王晓明", false))));
        trail.append(AuditRecord.of("value.revealed")
                .about(new Subject("customer", customer))
                .with("field", "phones"));
        trail.append(AuditRecord.of("customer.changed")
                .about(new Subject("customer", other))
                .changes(List.of(new dev.dossier.shared.ValueChange("name", "李雷", "李磊", false))));
        var audit = personalData.stream()
                .filter(p -> p.section().equals("audit"))
                .findFirst()
                .orElseThrow();

        // The registration arrives from the customers module a moment later.
        await(() -> entries(new AuditQueries.Filter(null, null, null, "customer.registered", customer, null)), 1);
        var exported = audit.export(customer);
        assertThat(exported).hasSizeGreaterThanOrEqualTo(3);
        assertThat(exported.getFirst()).containsOnlyKeys("occurredAt", "action", "actor");
        assertThat(exported).anyMatch(e -> "customer.changed".equals(e.get("action")));

        // Only for a named erasure.
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> audit.erase(customer)))
                .isInstanceOf(IllegalStateException.class);
        long before =
                jdbc.queryForObject("SELECT MAX(seq) FROM audit_entry WHERE subject_id = ?", Long.class, customer);
        var erasure = erase(customer);

        // What the erasure itself and its changes append afterwards is about the erasure, not erased by it.
        var erased = entries(new AuditQueries.Filter(null, null, null, null, customer, null)).stream()
                .filter(r -> r.seq() <= before)
                .toList();
        assertThat(erased)
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(AuditQueries.Row::redacted)
                .allMatch(r -> r.detail().equals(AuditChain.REDACTED));
        assertThat(jdbc.queryForList(
                        "SELECT erasure_id FROM audit_entry WHERE subject_id = ? AND seq <= ?",
                        UUID.class,
                        customer,
                        before))
                .hasSize(erased.size())
                .containsOnly(erasure);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE detail LIKE ?", Long.class, "%" + name + "%"))
                .isZero();
        assertThat(entries(new AuditQueries.Filter(null, null, null, null, other, null))
                        .getFirst()
                        .redacted())
                .isFalse();
        assertThat(audit.export(customer)).hasSizeGreaterThanOrEqualTo(3);
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
    }

    @Test
    void theCommandLineVerificationPrintsTheResultAndExitsWithItsStatus() {
        var out = new ByteArrayOutputStream();
        var status = new AtomicInteger(-1);
        var runner =
                new AuditVerifyRunner(verification, new PrintStream(out, true, StandardCharsets.UTF_8), status::set);
        runner.run(new DefaultApplicationArguments());
        assertThat(status.get()).as("no option: a normal start").isEqualTo(-1);
        runner.run(new DefaultApplicationArguments("--dossier.audit.verify"));
        assertThat(status.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Audit trail intact, ");
    }

    // ------------------------------------------------------------------ who may see it; the export

    @Test
    void salesAreTurnedAwayAndAuditorsLetIn() throws Exception {
        var sales = users.create(Role.SALES);
        assertThat(pageAs(sales, TestUsers.PASSWORD, "/audit").statusCode()).isEqualTo(403);
        assertThat(pageAs(sales, TestUsers.PASSWORD, "/audit/export.csv").statusCode())
                .isEqualTo(403);
        var salesApi = new ApiClient(port).signIn(sales, TestUsers.PASSWORD);
        assertThat(salesApi.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(salesApi.get("/api/v1/audit/verification").status()).isEqualTo(403);

        appendSome("page-" + unique(), AuditController.PAGE_SIZE + 1);
        var auditor = auditor();
        var page = pageAs(auditor, TestUsers.PASSWORD, "/audit?lang=zh-CN");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("审计日志", "校验日志链");
        assertThat(pageAs(auditor, TestUsers.PASSWORD, "/audit/export.csv").statusCode())
                .isEqualTo(200);
        // The verify button, through htmx, answers with the result alone.
        var browser = pageClient(auditor, TestUsers.PASSWORD);
        var full = browser.send(
                        HttpRequest.newBuilder(URI.create(url("/audit?lang=en")))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var token = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(full);
        assertThat(token.find()).isTrue();
        var verified = browser.send(
                HttpRequest.newBuilder(URI.create(url("/audit/verification")))
                        .header("HX-Request", "true")
                        .header("X-CSRF-TOKEN", token.group(1))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("The audit trail is intact").doesNotContain("<html");
        // "More" loads the next rows alone, older than the first page's.
        var more = Pattern.compile("hx-get=\"(/audit\\?[^\"]*cursor=[^\"]+)\"").matcher(full);
        assertThat(more.find()).as("a full trail has more than one page").isTrue();
        var rows = browser.send(
                HttpRequest.newBuilder(URI.create(url(more.group(1).replace("&amp;", "&") + "&fragment=rows")))
                        .header("HX-Request", "true")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rows.statusCode()).isEqualTo(200);
        assertThat(rows.body()).contains("<li").doesNotContain("<html", "id=\"filters\"");
        var api = new ApiClient(port).signIn(auditor, TestUsers.PASSWORD);
        var list = api.get("/api/v1/audit?limit=2");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").size()).isEqualTo(2);
        var next = api.get(
                "/api/v1/audit?limit=2&cursor=" + list.json().get("nextCursor").asString());
        assertThat(next.json().get("items").get(0).get("seq").asLong())
                .isLessThan(list.json().get("items").get(1).get("seq").asLong());
        var apiVerified = api.get("/api/v1/audit/verification");
        assertThat(apiVerified.status()).isEqualTo(200);
        assertThat(apiVerified.header("Content-Type")).startsWith("application/json");
        assertThat(apiVerified.json().get("intact").asBoolean()).isTrue();
        assertThat(api.get("/v3/api-docs").body()).contains("/api/v1/audit", "/api/v1/audit/verification");
    }

    @Test
    void theCsvExportHoldsTheFilteredEntriesAndIsItselfRecorded() throws Exception {
        var marker = "csv-" + unique();
        trail.append(AuditRecord.of("data.exported").with("kind", marker).with("description", "a, \"quoted\" one"));
        trail.append(AuditRecord.of("data.exported").by(null, "=HYPERLINK(1)").with("kind", marker));
        var auditor = auditor();
        var client = pageClient(auditor, TestUsers.PASSWORD);
        var response = client.send(
                HttpRequest.newBuilder(URI.create(url("/audit/export.csv?q=" + marker)))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment", ".csv");
        var bytes = response.body();
        assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
        assertThat(bytes[1] & 0xff).isEqualTo(0xBB);
        assertThat(bytes[2] & 0xff).isEqualTo(0xBF);
        var lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(String.join(",", AuditCsv.HEADER));
        // Newest first; quotes doubled; a formula is defused.
        assertThat(lines[1]).contains("data.exported", ",'=HYPERLINK(1),").doesNotContain(",=HYPERLINK");
        assertThat(lines[2]).contains("a, \\\"\"quoted\\\"\" one");

        var exportEntry = await(
                        () ->
                                entries(new AuditQueries.Filter(null, null, null, "data.exported", null, "audit.csv"))
                                        .stream()
                                        .filter(r -> facts(r).getOrDefault("description", "")
                                                .contains(marker))
                                        .toList(),
                        1)
                .getFirst();
        assertThat(facts(exportEntry)).containsEntry("rows", "2").containsEntry("kind", "audit.csv");
        assertThat(exportEntry.actorId())
                .isEqualTo(directory.userByUsername(auditor).orElseThrow().id());
    }

    // ------------------------------------------------------------------ helpers

    /** Erases the customer through a data-subject request, received, verified, started and completed. */
    private UUID erase(UUID customer) {
        var received = admin.post(
                "/api/v1/privacy/requests",
                ApiClient.json(Map.of(
                        "customerId",
                        customer.toString(),
                        "kind",
                        "ERASURE",
                        "channel",
                        "EMAIL",
                        "requesterName",
                        "Requester " + unique())));
        assertThat(received.status()).as(received.body()).isEqualTo(201);
        var request = received.json();
        var id = request.get("id").asString();
        for (var step : List.of(
                Map.<String, Object>of("action", "VERIFY", "method", "ID card checked in person"),
                Map.<String, Object>of("action", "START"),
                Map.<String, Object>of("action", "COMPLETE"))) {
            var body = new LinkedHashMap<>(step);
            body.put("version", request.get("version").asInt());
            var answer = admin.post("/api/v1/privacy/requests/" + id + "/steps", ApiClient.json(body));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            request = answer.json();
        }
        return UUID.fromString(id);
    }

    private String auditor() {
        return users.create(Role.AUDITOR);
    }

    /** Where the entry of this id stands in the chain, once the inbox is linked in. */
    private long seqOf(UUID id) {
        writer.drain();
        return jdbc.queryForObject("SELECT seq FROM audit_entry WHERE id = ?", Long.class, id);
    }

    private List<Long> appendSome(String marker, int count) {
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < count; i++) {
            ids.add(trail.append(
                    AuditRecord.of("data.exported").with("kind", marker).with("rows", i)));
        }
        return ids.stream().map(this::seqOf).toList();
    }

    /** Changes the trail behind the application's back; on PostgreSQL with its guard switched off meanwhile. */
    private void tamper(String sql, Object... args) throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            if (TestDatabase.postgresql()) {
                statement.execute("ALTER TABLE audit_entry DISABLE TRIGGER ALL");
            }
            try (var update = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    update.setObject(i + 1, args[i]);
                }
                update.executeUpdate();
            } finally {
                if (TestDatabase.postgresql()) {
                    statement.execute("ALTER TABLE audit_entry ENABLE TRIGGER ALL");
                }
            }
        }
    }

    private List<AuditQueries.Row> entries(AuditQueries.Filter filter) {
        return queries.list(filter, null, 100).items();
    }

    private AuditQueries.Row single(String action, String text) {
        return await(() -> entries(new AuditQueries.Filter(null, null, null, action, null, text)), 1)
                .getFirst();
    }

    private static Map<String, String> facts(AuditQueries.Row row) {
        var map = new LinkedHashMap<String, String>();
        row.view().facts().forEach(f -> map.put(f.key(), f.value()));
        return map;
    }

    /** Entries appended after a commit arrive a moment later. */
    private static <T> List<T> await(Supplier<List<T>> query, int atLeast) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(query::get, found -> found.size() >= atLeast);
    }

    private HttpResponse<String> formSignIn(String username, String password) throws Exception {
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        return signIn(http, username, password);
    }

    private HttpResponse<String> signIn(HttpClient http, String username, String password) throws Exception {
        var page = http.send(
                HttpRequest.newBuilder(URI.create(url("/sign-in"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("CSRF token on the sign-in page").isTrue();
        var form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return http.send(
                HttpRequest.newBuilder(URI.create(url("/sign-in")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient pageClient(String username, String password) throws Exception {
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        var answer = signIn(http, username, password);
        assertThat(answer.headers().firstValue("Location").orElse("")).endsWith("/customers");
        return http;
    }

    private HttpResponse<String> pageAs(String username, String password, String path) throws Exception {
        return pageClient(username, password)
                .send(
                        HttpRequest.newBuilder(URI.create(url(path)))
                                .header("Accept", "text/html")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
