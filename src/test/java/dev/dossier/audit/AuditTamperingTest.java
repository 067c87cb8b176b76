package dev.dossier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.audit.AuditVerification.Problem;
import dev.dossier.identity.Role;
import dev.dossier.keys.Keys;
import dev.dossier.shared.Subject;
import dev.dossier.support.ApiClient;
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
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Someone with access to the database (or to its files while the server is stopped) rewrites the trail behind the
 * application's back, in each of the ways a review named: a changed detail, a changed actor, a deleted last entry, a
 * deleted middle entry, a rewritten tail with recomputed hashes, and a fake redaction. Each time the verification
 * names the tampering the same way through the command's code path, the API and the page; then the trail is put back
 * and is intact again.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTamperingTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditChainWriter writer;

    @Autowired
    AuditVerification verification;

    @Autowired
    AuditAnchors anchors;

    @Autowired
    AuditChainStart chainStart;

    @Autowired
    Keys keys;

    @Autowired
    MessageSource messages;

    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc;
    private ApiClient admin;
    private ApiClient auditorApi;
    private HttpClient auditorPage;
    private String pageToken;

    @BeforeAll
    void signIn() throws Exception {
        jdbc = new JdbcTemplate(dataSource);
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        // Signed in once: a sign-in is itself appended to the trail, which must stay still while it is tampered with.
        var auditor = users.create(Role.AUDITOR);
        auditorApi = new ApiClient(port).signIn(auditor, TestUsers.PASSWORD);
        auditorPage = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        var form = auditorPage.send(
                HttpRequest.newBuilder(URI.create(url("/sign-in"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).isTrue();
        var signedIn = auditorPage.send(
                HttpRequest.newBuilder(URI.create(url("/sign-in")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + URLEncoder.encode(auditor, StandardCharsets.UTF_8)
                                        + "&password=" + URLEncoder.encode(TestUsers.PASSWORD, StandardCharsets.UTF_8)
                                        + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/customers");
        var page = auditorPage
                .send(
                        HttpRequest.newBuilder(URI.create(url("/audit?lang=en")))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var token = META_CSRF.matcher(page);
        assertThat(token.find()).isTrue();
        pageToken = token.group(1);
    }

    @BeforeEach
    void startIntact() {
        awaitAuditListeners();
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
    }

    // ------------------------------------------------------------------ the six tamperings

    @Test
    void aChangedDetailIsNamedEvenWithItsDigestRecomputed() throws Exception {
        var seqs = appendSome("detail", 4);
        long seq = seqs.get(1);
        var detail = jdbc.queryForObject("SELECT detail FROM audit_entry WHERE seq = ?", String.class, seq);
        var forged = detail.replace("\"rows\":1", "\"rows\":1000");
        assertThat(forged).isNotEqualTo(detail);

        expectTampering(
                seqs.getFirst(),
                c -> update(c, "UPDATE audit_entry SET detail = ? WHERE seq = ?", forged, seq),
                seq,
                Problem.DETAIL_CHANGED);
        expectTampering(
                seqs.getFirst(),
                c -> update(
                        c,
                        "UPDATE audit_entry SET detail = ?, detail_digest = ? WHERE seq = ?",
                        forged,
                        AuditChain.sha256(forged),
                        seq),
                seq,
                Problem.HASH_MISMATCH);
    }

    @Test
    void aChangedActorIsNamed() throws Exception {
        var seqs = appendSome("actor", 3);
        long seq = seqs.get(1);
        expectTampering(
                seqs.getFirst(),
                c -> update(
                        c,
                        "UPDATE audit_entry SET actor_name = ?, actor_id = ? WHERE seq = ?",
                        "Someone Else",
                        UUID.randomUUID(),
                        seq),
                seq,
                Problem.HASH_MISMATCH);
    }

    @Test
    void aDeletedLastEntryIsNamedWhetherOrNotTheHeadIsMovedBack() throws Exception {
        var before = head();
        var seqs = appendSome("last", 3);
        long last = seqs.getLast();
        // Just deleted: the head still names it.
        expectTampering(
                seqs.getFirst(), c -> update(c, "DELETE FROM audit_entry WHERE seq = ?", last), last, Problem.MISSING);
        // The head moved back onto the entry before: its seal does not match, and cannot be made without the key.
        var previousHash = jdbc.queryForObject("SELECT hash FROM audit_entry WHERE seq = ?", String.class, last - 1);
        expectTampering(
                seqs.getFirst(),
                c -> {
                    update(c, "DELETE FROM audit_entry WHERE seq = ?", last);
                    update(c, "UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", last - 1, previousHash);
                },
                last - 1,
                Problem.HEAD_MISMATCH);

        // Back to an old copy of the head, seal and all (a database restored from before the last entries): the
        // checkpoint written outside the database shows the trail was longer.
        var checkpoint = anchors.checkpoint().orElseThrow();
        assertThat(checkpoint.seq()).isEqualTo(last);
        expectTampering(
                seqs.getFirst(),
                c -> {
                    update(c, "DELETE FROM audit_entry WHERE seq > ?", (long) before.get("last_seq"));
                    update(
                            c,
                            "UPDATE audit_head SET last_seq = ?, last_hash = ?, chain_key = ?, seal = ? WHERE id = 1",
                            before.get("last_seq"),
                            before.get("last_hash"),
                            before.get("chain_key"),
                            before.get("seal"));
                },
                (long) before.get("last_seq") + 1,
                Problem.ANCHOR_MISMATCH);
    }

    @Test
    void aDeletedMiddleEntryIsNamed() throws Exception {
        var seqs = appendSome("middle", 5);
        long seq = seqs.get(2);
        expectTampering(
                seqs.getFirst(), c -> update(c, "DELETE FROM audit_entry WHERE seq = ?", seq), seq, Problem.MISSING);
    }

    @Test
    void aRewrittenTailWithRecomputedHashesIsNamed() throws Exception {
        var seqs = appendSome("tail", 4);
        anchors.checkpoint();
        long from = seqs.get(1);
        // The hashes recomputed the only way possible without the key: plain SHA-256, chained as before.
        expectTampering(seqs.getFirst(), c -> rewriteTail(c, from, true, true), from, Problem.HASH_MISMATCH);
        // The same, passed off as entries from before the chain was keyed.
        expectTampering(seqs.getFirst(), c -> rewriteTail(c, from, false, true), from, Problem.NOT_SEALED);
    }

    @Test
    void aFakeRedactionIsNamedAndARealOneKeepsTheTrailIntact() throws Exception {
        var customer = customer("审计抹除 " + unique());
        var other = UUID.randomUUID();
        var marker = "redact-" + unique();
        long about = seqOf(trail.append(AuditRecord.of("value.revealed")
                .about(new Subject("customer", customer))
                .with("field", "phones")
                .with("kind", marker)));
        long notErased = seqOf(trail.append(AuditRecord.of("value.revealed")
                .about(new Subject("customer", other))
                .with("field", "phones")
                .with("kind", marker)));
        var requestId = erase(customer);
        awaitAuditListeners();

        // Redacted by the erasure, naming it: intact.
        var redacted = jdbc.queryForMap("SELECT * FROM audit_entry WHERE seq = ?", about);
        assertThat(redacted.get("redacted")).isEqualTo(true);
        assertThat(redacted.get("detail")).isEqualTo(AuditChain.REDACTED);
        assertThat(redacted.get("erasure_id")).isEqualTo(requestId);
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();

        // Marked redacted with no erasure at all.
        expectTampering(
                about,
                c -> update(
                        c,
                        "UPDATE audit_entry SET detail = ?, redacted = TRUE WHERE seq = ?",
                        AuditChain.REDACTED,
                        notErased),
                notErased,
                Problem.FAKE_REDACTION);
        // With the link and seal of a real redaction copied from another entry.
        expectTampering(
                about,
                c -> update(
                        c,
                        "UPDATE audit_entry SET detail = ?, redacted = TRUE, erasure_id = ?, redaction_seal = ? WHERE seq = ?",
                        AuditChain.REDACTED,
                        requestId,
                        redacted.get("redaction_seal"),
                        notErased),
                notErased,
                Problem.FAKE_REDACTION);
        // A real redaction's link pointed at an erasure that never happened.
        expectTampering(
                about,
                c -> update(c, "UPDATE audit_entry SET erasure_id = ? WHERE seq = ?", UUID.randomUUID(), about),
                about,
                Problem.FAKE_REDACTION);
    }

    // ------------------------------------------------------------------ keys and checkpoints

    @Test
    void afterARotationNewEntriesAreSealedWithTheNewKeyAndOldOnesStillVerify() throws Exception {
        long old = appendSome("rotate", 1).getFirst();
        var oldKey = jdbc.queryForObject("SELECT chain_key FROM audit_entry WHERE seq = ?", String.class, old);
        keys.rotate();
        var newKey = keys.ring().chainKeyIds().getLast();
        assertThat(newKey).isNotEqualTo(oldKey);
        var seqs = appendSome("rotated", 2);
        assertThat(jdbc.queryForObject("SELECT chain_key FROM audit_entry WHERE seq = ?", String.class, seqs.getLast()))
                .isEqualTo(newKey);
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
        // The entry sealed under the old key is still checked under it.
        expectTampering(
                old,
                c -> update(c, "UPDATE audit_entry SET action = ? WHERE seq = ?", "data.imported", old),
                old,
                Problem.HASH_MISMATCH);
    }

    @Test
    void checkpointsAreWrittenOnDemandDownloadedAndAForgedOneIsNamed() throws Exception {
        appendSome("anchor", 2);
        var written = auditorApi.post("/api/v1/audit/anchors", "{}");
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        long seq = written.json().get("seq").asLong();
        assertThat(seq).isEqualTo((long) head().get("last_seq"));
        var download = auditorApi.get("/api/v1/audit/anchors");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("text/plain");
        assertThat(download.body())
                .contains(seq + " " + written.json().get("hash").asString() + " ");
        var page = auditorPage.send(
                HttpRequest.newBuilder(URI.create(url("/audit/anchors.txt")))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo(download.body());
        // The page's button, through htmx, answers with the checkpoint it wrote (or found already written).
        var button = auditorPage.send(
                HttpRequest.newBuilder(URI.create(url("/audit/anchors?lang=en")))
                        .header("HX-Request", "true")
                        .header("X-CSRF-TOKEN", pageToken)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(button.statusCode()).isEqualTo(200);
        assertThat(button.body())
                .contains("Checkpoint written: entry "
                        + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(seq))
                .doesNotContain("<html");
        var verified = auditorApi.get("/api/v1/audit/verification").json();
        assertThat(verified.get("intact").asBoolean()).isTrue();
        assertThat(verified.get("anchoredSeq").asLong()).isEqualTo(seq);

        // A checkpoint added to the file without the anchor key.
        var file = anchors.file();
        var original = Files.readString(file);
        var hash = written.json().get("hash").asString();
        try {
            Files.writeString(
                    file,
                    (seq + 1) + " " + hash + " "
                            + OffsetDateTime.parse("2026-01-01T00:00Z").toInstant() + " " + "0".repeat(64) + "\n",
                    StandardOpenOption.APPEND);
            assertNamed(seq + 1, Problem.ANCHOR_INVALID);
        } finally {
            Files.writeString(file, original);
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void entriesFromBeforeTheChainWasKeyedStillVerifyAndAreFollowedByASealedCutOver() throws Exception {
        appendSome("legacy", 2);
        // The whole trail as an older version wrote it: plain SHA-256 hashes, no keys, an unsealed head, and no
        // checkpoints yet.
        behindTheBack(c -> rewriteTail(c, 1, false, false));
        Files.deleteIfExists(anchors.file());
        long legacy = (long) head().get("last_seq");
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
        assertThat(result.entries()).isEqualTo(legacy);
        assertThat(result.anchoredSeq()).isNull();

        chainStart.start();
        chainStart.start();
        var cutOver = jdbc.queryForMap("SELECT * FROM audit_entry WHERE seq = ?", legacy + 1);
        assertThat(cutOver.get("action")).isEqualTo("audit.chain-keyed");
        assertThat((String) cutOver.get("detail")).contains("\"legacyEntries\":" + legacy);
        assertThat(cutOver.get("chain_key")).isNotNull();
        assertThat((long) head().get("last_seq")).as("keyed once").isEqualTo(legacy + 1);
        assertThat(anchors.latest().orElseThrow().checkpoint().seq()).isEqualTo(legacy + 1);
        var after = appendSome("keyed", 1).getFirst();
        result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
        assertThat(jdbc.queryForObject("SELECT chain_key FROM audit_entry WHERE seq = ?", String.class, after))
                .isNotNull();

        // An old entry changed is still found, and so is one passed off as old after the cut-over.
        expectTampering(
                legacy,
                c -> update(c, "UPDATE audit_entry SET actor_name = ? WHERE seq = ?", "Nobody", legacy),
                legacy,
                Problem.HASH_MISMATCH);
        expectTampering(legacy, c -> rewriteTail(c, after, false, false), after, Problem.NOT_SEALED);
    }

    // ------------------------------------------------------------------ helpers

    interface Tamper {
        void on(Connection connection) throws SQLException;
    }

    /**
     * Tampers with the trail behind the application's back, expects every way of verifying to name the problem at
     * the entry, and puts the entries from {@code from} on and the head back as they were.
     */
    private void expectTampering(long from, Tamper tamper, long seq, Problem problem) throws Exception {
        var rows = jdbc.queryForList("SELECT * FROM audit_entry WHERE seq >= ? ORDER BY seq", from);
        var head = head();
        try {
            behindTheBack(tamper);
            assertNamed(seq, problem);
        } finally {
            behindTheBack(c -> {
                update(c, "DELETE FROM audit_entry WHERE seq >= ?", from);
                for (var row : rows) {
                    var columns = String.join(", ", row.keySet());
                    var marks = String.join(
                            ", ", row.keySet().stream().map(k -> "?").toList());
                    update(
                            c,
                            "INSERT INTO audit_entry (" + columns + ") VALUES (" + marks + ")",
                            row.values().toArray());
                }
                update(
                        c,
                        "UPDATE audit_head SET last_seq = ?, last_hash = ?, chain_key = ?, seal = ? WHERE id = 1",
                        head.get("last_seq"),
                        head.get("last_hash"),
                        head.get("chain_key"),
                        head.get("seal"));
            });
        }
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
    }

    /** The command, the API and the page all say the trail was tampered with, at this entry, in this way. */
    private void assertNamed(long seq, Problem problem) throws Exception {
        var result = verification.verify();
        assertThat(result.intact()).as(result.describe()).isFalse();
        assertThat(result.problem()).as(result.describe()).isEqualTo(problem);
        assertThat(result.firstBrokenSeq()).as(result.describe()).isEqualTo(seq);

        var out = new ByteArrayOutputStream();
        var status = new AtomicInteger(-1);
        new AuditVerifyRunner(verification, new PrintStream(out, true, StandardCharsets.UTF_8), status::set)
                .run(new DefaultApplicationArguments("--dossier.audit.verify"));
        assertThat(status.get()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Audit trail tampered with: entry " + seq + " ")
                .isEqualTo(result.describe() + System.lineSeparator());

        var api = auditorApi.get("/api/v1/audit/verification");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().get("intact").asBoolean()).isFalse();
        assertThat(api.json().get("firstBrokenSeq").asLong()).isEqualTo(seq);
        assertThat(api.json().get("problem").asString()).isEqualTo(problem.name());

        var page = auditorPage.send(
                HttpRequest.newBuilder(URI.create(url("/audit/verification?lang=en")))
                        .header("HX-Request", "true")
                        .header("X-CSRF-TOKEN", pageToken)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("tampered with: entry "
                        + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(seq) + " "
                        + messages.getMessage("audit.problem." + problem.name(), null, Locale.ENGLISH));
    }

    /**
     * Changes the detail of entry {@code from} (when {@code change}) and rewrites every entry from it on with hashes
     * recomputed as SHA-256, then moves the head's hash to the new last one.
     */
    private void rewriteTail(Connection c, long from, boolean keepKey, boolean change) throws SQLException {
        var rows = new ArrayList<Map<String, Object>>();
        try (var select = c.prepareStatement("SELECT * FROM audit_entry WHERE seq >= ? ORDER BY seq")) {
            select.setLong(1, from);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("seq", rs.getLong("seq"));
                    row.put("occurred_at", rs.getObject("occurred_at", OffsetDateTime.class));
                    row.put("actor_id", rs.getObject("actor_id", UUID.class));
                    row.put("actor_name", rs.getString("actor_name"));
                    row.put("client_address", rs.getString("client_address"));
                    row.put("action", rs.getString("action"));
                    row.put("subject_type", rs.getString("subject_type"));
                    row.put("subject_id", rs.getObject("subject_id", UUID.class));
                    row.put("detail", rs.getString("detail"));
                    row.put("detail_digest", rs.getString("detail_digest"));
                    row.put("prev_hash", rs.getString("prev_hash"));
                    rows.add(row);
                }
            }
        }
        var previous = (String) rows.getFirst().get("prev_hash");
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            var detail = i == 0 && change
                    ? ((String) row.get("detail")).replace("\"rows\":", "\"rows\":9")
                    : (String) row.get("detail");
            // A redacted entry keeps the digest of the detail it had.
            var digest = i == 0 && change ? AuditChain.sha256(detail) : (String) row.get("detail_digest");
            var hash = new AuditChain.Link(
                            (long) row.get("seq"),
                            ((OffsetDateTime) row.get("occurred_at")).toInstant(),
                            (UUID) row.get("actor_id"),
                            (String) row.get("actor_name"),
                            (String) row.get("client_address"),
                            (String) row.get("action"),
                            (String) row.get("subject_type"),
                            (UUID) row.get("subject_id"),
                            digest)
                    .hash(previous);
            update(
                    c,
                    "UPDATE audit_entry SET detail = ?, detail_digest = ?, prev_hash = ?, hash = ?"
                            + (keepKey ? "" : ", chain_key = NULL, erasure_id = NULL, redaction_seal = NULL")
                            + " WHERE seq = ?",
                    detail,
                    digest,
                    previous,
                    hash,
                    row.get("seq"));
            previous = hash;
        }
        update(
                c,
                "UPDATE audit_head SET last_hash = ?" + (keepKey ? "" : ", chain_key = NULL, seal = NULL")
                        + " WHERE id = 1",
                previous);
    }

    /** Runs the changes in one transaction, on PostgreSQL with the trail's guards switched off meanwhile. */
    private void behindTheBack(Tamper tamper) throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            if (TestDatabase.postgresql()) {
                statement.execute("ALTER TABLE audit_entry DISABLE TRIGGER ALL");
                statement.execute("ALTER TABLE audit_head DISABLE TRIGGER ALL");
            }
            try {
                connection.setAutoCommit(false);
                // Appends wait meanwhile: the head is locked first, as an append does.
                statement.execute("SELECT last_seq FROM audit_head WHERE id = 1 FOR UPDATE");
                tamper.on(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                if (TestDatabase.postgresql()) {
                    statement.execute("ALTER TABLE audit_entry ENABLE TRIGGER ALL");
                    statement.execute("ALTER TABLE audit_head ENABLE TRIGGER ALL");
                }
            }
        }
    }

    private static void update(Connection connection, String sql, Object... args) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }

    private Map<String, Object> head() {
        return jdbc.queryForMap("SELECT last_seq, last_hash, chain_key, seal FROM audit_head WHERE id = 1");
    }

    /** Where the entry of this id stands in the chain, once the inbox is linked in. */
    private long seqOf(UUID id) {
        writer.drain();
        return jdbc.queryForObject("SELECT seq FROM audit_entry WHERE id = ?", Long.class, id);
    }

    private List<Long> appendSome(String marker, int count) {
        var kind = marker + "-" + unique();
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < count; i++) {
            ids.add(trail.append(
                    AuditRecord.of("data.exported").with("kind", kind).with("rows", i)));
        }
        return ids.stream().map(this::seqOf).toList();
    }

    private UUID customer(String name) {
        var created = admin.post(
                "/api/v1/customers",
                ApiClient.json(
                        Map.of("type", "INDIVIDUAL", "name", name, "phones", List.of(Map.of("number", mobile())))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

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

    /** Events of other modules reach the trail after their transaction; the trail must be still while tampered with. */
    /** Waits until every entry committed so far is in the chain: the inbox is linked in and empty. */
    private void awaitAuditListeners() {
        writer.drain();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(writer::idle);
    }

    private static String mobile() {
        return "139"
                + String.format(
                        "%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
