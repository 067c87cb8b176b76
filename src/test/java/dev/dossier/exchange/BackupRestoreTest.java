package dev.dossier.exchange;

import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.TEAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.shared.AccessEvents;
import dev.dossier.support.TestUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.node.ObjectNode;

/** Backups hold all data exactly, restore only into empty databases, refuse damaged archives, and are kept. */
@DossierTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"dossier.demo=true", "dossier.backup.keep=3"})
@Import(BackupRestoreTest.ExportLog.class)
class BackupRestoreTest {

    private static final Path DIRECTORY;

    static {
        try {
            DIRECTORY = Files.createTempDirectory("dossier-backups-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void backupDirectory(DynamicPropertyRegistry registry) {
        registry.add("dossier.backup.directory", DIRECTORY::toString);
    }

    /** The exports published, from any thread. */
    @TestConfiguration
    static class ExportLog {
        final List<AccessEvents.DataExported> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(AccessEvents.DataExported event) {
            events.add(event);
        }
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    Backups backups;

    @Autowired
    DSLContext db;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    ExportLog exports;

    @TempDir
    Path temp;

    private Path backUp(DataSource source, String name) throws IOException {
        var file = temp.resolve(name);
        try (var out = Files.newOutputStream(file)) {
            new BackupWriter(source).write(out, BackupWriter.Progress.NONE);
        }
        return file;
    }

    /** Values that test the format: line breaks, tabs, quotes, backslashes, control characters, emoji. */
    private void awkwardValues() {
        var id = db.select(CUSTOMER.ID)
                .from(CUSTOMER)
                .orderBy(CUSTOMER.ID)
                .limit(1)
                .fetchOne(CUSTOMER.ID);
        // Right after start, background upkeep (search terms, blind indexes) may hold the first customers' rows for a
        // moment: the edit waits its turn rather than failing on H2's lock timeout.
        await().atMost(Duration.ofMinutes(1))
                .ignoreException(CannotAcquireLockException.class)
                .until(() -> db.update(CUSTOMER)
                                .set(CUSTOMER.REMARKS, "第一行\n\"second\"\tline \\ back\\slash \u0001 end 😀 \\N")
                                .where(CUSTOMER.ID.eq(id))
                                .execute()
                        == 1);
    }

    private static Map<String, byte[]> tableFiles(Path archive) throws IOException {
        var files = new TreeMap<String, byte[]>();
        try (var zip = new ZipFile(archive.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                if (entry.getName().startsWith("tables/")) {
                    try (var in = zip.getInputStream(entry)) {
                        files.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    private static void assertSameData(Path expected, Path actual) throws IOException {
        var a = tableFiles(expected);
        var b = tableFiles(actual);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (var name : a.keySet()) {
            assertThat(new String(b.get(name), StandardCharsets.UTF_8))
                    .as(name)
                    .isEqualTo(new String(a.get(name), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anArchiveHoldsEveryTableWithManifestAndRestoresIntoAnEmptyH2Identically() throws IOException {
        awkwardValues();
        var first = backUp(dataSource, "first.zip");
        var manifest = Archive.verify(first).manifest();
        assertThat(manifest.tables())
                .extracting(Archive.TableFile::name)
                .contains("team", "app_user", "customer", "contact", "contact_point", "customer_search_term")
                .doesNotContain("flyway_schema_history", "event_publication");
        assertThat(manifest.tables().stream()
                        .filter(t -> t.name().equals("customer"))
                        .findFirst()
                        .orElseThrow()
                        .rows())
                .isEqualTo(db.fetchCount(CUSTOMER))
                .isGreaterThan(50);
        assertThat(db.fetchCount(TEAM, TEAM.PARENT_ID.isNotNull()))
                .as("teams inside teams")
                .isPositive();
        try (var target = EmptyDatabase.h2()) {
            var result = target.restorer().restore(first, BackupWriter.Progress.NONE);
            assertThat(result.rows()).isEqualTo(manifest.rows());
            assertThat(result.schemaVersion()).isEqualTo(manifest.schemaVersion());
            var second = backUp(target.dataSource(), "second.zip");
            assertSameData(first, second);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "DOSSIER_TEST_PG_URL", matches = ".+")
    void h2ToArchiveToPostgresqlToArchiveKeepsEveryByte() throws IOException {
        awkwardValues();
        var fromContext = backUp(dataSource, "context.zip");
        try (var h2 = EmptyDatabase.h2();
                var postgresql = EmptyDatabase.postgresql()) {
            h2.restorer().restore(fromContext, BackupWriter.Progress.NONE);
            var fromH2 = backUp(h2.dataSource(), "h2.zip");
            assertThat(Archive.verify(fromH2).manifest().sourceDatabase()).isEqualTo("H2");
            postgresql.restorer().restore(fromH2, BackupWriter.Progress.NONE);
            var fromPostgresql = backUp(postgresql.dataSource(), "postgresql.zip");
            assertThat(Archive.verify(fromPostgresql).manifest().sourceDatabase())
                    .isEqualTo("PostgreSQL");
            assertSameData(fromH2, fromPostgresql);
            assertSameData(fromContext, fromPostgresql);
        }
    }

    @Test
    void theSnapshotDoesNotSeeWhatOthersCommitWhileItReads() throws Exception {
        try (var database = EmptyDatabase.ofTestKind().migrate();
                var reader = database.dataSource().getConnection();
                var writer = database.dataSource().getConnection()) {
            BackupWriter.beginSnapshot(reader, Databases.kind(reader));
            assertThat(count(reader, "tag")).isZero();
            try (var statement = writer.createStatement()) {
                statement.execute("INSERT INTO tag (id, name, color, created_at, updated_at) VALUES "
                        + "('00000000-0000-0000-0000-00000000000a', 'new', '#000000', CURRENT_TIMESTAMP, "
                        + "CURRENT_TIMESTAMP)");
            }
            assertThat(count(writer, "tag")).isOne();
            assertThat(count(reader, "tag")).as("inside the snapshot").isZero();
            reader.rollback();
        }
    }

    private static int count(java.sql.Connection connection, String table) throws java.sql.SQLException {
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void identityColumnsContinueAfterTheRestoredValues() throws Exception {
        try (var database = EmptyDatabase.ofTestKind().migrate();
                var connection = database.dataSource().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE numbered (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "label VARCHAR(10))");
            statement.execute("INSERT INTO numbered (id, label) VALUES (1, 'a'), (7, 'b'), (41, 'c')");
            var manifest = new Archive.Manifest(
                    Archive.FORMAT,
                    "test",
                    "1",
                    "2026-01-01T00:00:00Z",
                    "H2",
                    List.of(new Archive.TableFile(
                            "numbered",
                            Archive.file("numbered"),
                            List.of("id", "label"),
                            List.of("id"),
                            3,
                            "0".repeat(64))));
            Restorer.resetIdentities(connection, Databases.kind(connection), manifest);
            statement.execute("INSERT INTO numbered (label) VALUES ('next')");
            try (var rs = statement.executeQuery("SELECT id FROM numbered WHERE label = 'next'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aRestoreIntoADatabaseWithDataIsRefusedAndChangesNothing() throws IOException {
        var archive = backUp(dataSource, "full.zip");
        int customers = db.fetchCount(CUSTOMER);
        assertThatThrownBy(() -> backups.restore(archive))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("not empty");
        assertThat(db.fetchCount(CUSTOMER)).isEqualTo(customers);
    }

    private Path rewrite(Path source, String name, BiFunction<String, byte[], byte[]> change) throws IOException {
        var target = temp.resolve(name);
        try (var zip = new ZipFile(source.toFile());
                var out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                byte[] bytes;
                try (var in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(change.apply(entry.getName(), bytes));
                out.closeEntry();
            }
        }
        return target;
    }

    private static byte[] manifest(byte[] json, java.util.function.Consumer<ObjectNode> change) {
        var node = (ObjectNode) Archive.JSON.readTree(json);
        change.accept(node);
        return Archive.JSON.writeValueAsBytes(node);
    }

    private static ObjectNode table(ObjectNode manifest, String name) {
        for (var table : manifest.get("tables")) {
            if (table.get("name").asString().equals(name)) {
                return (ObjectNode) table;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private void assertRefused(Path archive, String message) {
        try (var target = EmptyDatabase.ofTestKind()) {
            assertThatThrownBy(() -> target.restorer().restore(archive, BackupWriter.Progress.NONE))
                    .isInstanceOf(ArchiveException.class)
                    .hasMessageContaining(message);
            assertThat(target.tablesWithRows()).isEmpty();
        }
    }

    @Test
    void damagedTruncatedAndMismatchedArchivesAreRefusedAndTheTargetStaysEmpty() throws IOException {
        var good = backUp(dataSource, "good.zip");
        var bytes = Files.readAllBytes(good);

        var flipped = bytes.clone();
        flipped[bytes.length / 3] ^= 0x20;
        Files.write(temp.resolve("flipped.zip"), flipped);
        assertRefused(temp.resolve("flipped.zip"), "");

        Files.write(temp.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertRefused(temp.resolve("truncated.zip"), "not a readable zip archive");

        assertRefused(
                rewrite(
                        good,
                        "edited.zip",
                        (name, data) -> name.equals("tables/tag.jsonl")
                                ? new String(data, StandardCharsets.UTF_8)
                                        .replaceFirst("#", "#0")
                                        .getBytes(StandardCharsets.UTF_8)
                                : data),
                "does not match its SHA-256");

        assertRefused(
                rewrite(
                        good,
                        "count.zip",
                        (name, data) -> name.equals(Archive.MANIFEST)
                                ? manifest(
                                        data,
                                        m -> table(m, "customer")
                                                .put(
                                                        "rows",
                                                        table(m, "customer")
                                                                        .get("rows")
                                                                        .asLong()
                                                                + 1))
                                : data),
                "the manifest says");

        assertRefused(
                rewrite(
                        good,
                        "missing.zip",
                        (name, data) -> name.equals(Archive.MANIFEST)
                                ? manifest(data, m -> table(m, "tag").put("file", "tables/other.jsonl"))
                                : data),
                "unexpected file");

        assertRefused(
                rewrite(
                        good,
                        "format.zip",
                        (name, data) -> name.equals(Archive.MANIFEST) ? manifest(data, m -> m.put("format", 2)) : data),
                "format version 2");

        assertRefused(
                rewrite(
                        good,
                        "newer.zip",
                        (name, data) -> name.equals(Archive.MANIFEST)
                                ? manifest(data, m -> m.put("schemaVersion", "999"))
                                : data),
                "newer than this Dossier knows");

        assertRefused(
                rewrite(
                        good,
                        "no-manifest.zip",
                        (name, data) -> name.equals(Archive.MANIFEST) ? "{".getBytes(StandardCharsets.UTF_8) : data),
                "manifest");
    }

    @Test
    void aValueTheDatabaseRejectsUndoesEverythingLoadedBeforeIt() throws IOException {
        var good = backUp(dataSource, "good.zip");
        var sha = new String[1];
        var broken = rewrite(good, "bad-value.zip", (name, data) -> {
            if (!name.equals("tables/customer.jsonl")) {
                return data;
            }
            var text = new String(data, StandardCharsets.UTF_8);
            var changed = text.substring(0, 2) + "not-a-uuid-at-all"
                    + text.substring(text.indexOf('"', 2)).replaceFirst("^\"", "\"");
            var result = changed.getBytes(StandardCharsets.UTF_8);
            sha[0] = HexFormat.of().formatHex(Archive.sha256().digest(result));
            return result;
        });
        // Entries are rewritten in order and the manifest comes last, so the new checksum is known by then.
        var consistent = rewrite(
                broken,
                "bad-value-consistent.zip",
                (name, data) -> name.equals(Archive.MANIFEST)
                        ? manifest(data, m -> table(m, "customer").put("sha256", sha[0]))
                        : data);
        try (var target = EmptyDatabase.ofTestKind()) {
            assertThatThrownBy(() -> target.restorer().restore(consistent, BackupWriter.Progress.NONE))
                    .isInstanceOf(ArchiveException.class)
                    .hasMessageContaining("Nothing was restored");
            assertThat(target.tablesWithRows()).isEmpty();
        }
    }

    private MockHttpSession signIn(String username, String password) throws Exception {
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", username)
                        .param("password", password))
                .andExpect(redirectedUrl("/customers"));
        return session;
    }

    @Test
    void administratorsBackUpFromThePageWatchItRunAndDownloadIt() throws Exception {
        var admin = signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var page = mvc.perform(get("/admin/backups").session(admin).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Back up now");
        int before = exports.events.size();

        var fragment = mvc.perform(post("/admin/backups")
                        .session(admin)
                        .with(csrf())
                        .header("HX-Request", "true")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fragment)
                .contains("backup-progress")
                .contains("A backup is running")
                .contains("hx-get");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofMinutes(2))
                .until(() -> !backups.status().running());
        var done = mvc.perform(get("/admin/backups/progress").session(admin).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(done.getHeader("HX-Refresh")).isEqualTo("true");
        var name = backups.status().finished();
        assertThat(name).isNotNull();

        page = mvc.perform(get("/admin/backups").session(admin).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        // The reload htmx makes on HX-Refresh says the backup is done and lists it.
        assertThat(page).contains("Backup " + name + " is done", "/admin/backups/" + name);
        var download = mvc.perform(get("/admin/backups/" + name).session(admin))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(download.getContentType()).isEqualTo("application/zip");
        assertThat(download.getContentAsByteArray()).startsWith('P', 'K');
        var archive = temp.resolve("downloaded.zip");
        Files.write(archive, download.getContentAsByteArray());
        assertThat(Archive.verify(archive).manifest().rows()).isPositive();

        var made = new ArrayList<>(exports.events.subList(before, exports.events.size()));
        assertThat(made).hasSize(2).allSatisfy(e -> assertThat(e.kind()).isEqualTo("backup"));
        assertThat(made).allSatisfy(e -> assertThat(e.byUserId()).isNotNull());
        assertThat(made.get(1).description()).contains("download").contains(name);

        mvc.perform(get("/admin/backups/not-a-backup.zip").session(admin)).andExpect(status().isNotFound());
    }

    @Test
    void othersMayNotSeeMakeOrDownloadBackups() throws Exception {
        var name = backups.backUp(null).name();
        for (var role : List.of(Role.SALES, Role.MANAGER, Role.AUDITOR)) {
            var session = signIn(users.create(role), TestUsers.PASSWORD);
            mvc.perform(get("/admin/backups").session(session)).andExpect(status().isForbidden());
            mvc.perform(get("/admin/backups/" + name).session(session)).andExpect(status().isForbidden());
            mvc.perform(post("/admin/backups").session(session).with(csrf())).andExpect(status().isForbidden());
        }
    }

    @Test
    void scheduledBackupsKeepOnlyTheNewestArchives() throws IOException {
        var made = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            backups.scheduled();
            made.add(backups.status().finished());
        }
        List<String> kept;
        try (var files = Files.list(DIRECTORY)) {
            kept = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(kept).hasSize(3).containsExactlyElementsOf(made.subList(2, 5));
        assertThat(backups.list())
                .extracting(Backups.Entry::name)
                .containsExactlyElementsOf(made.subList(2, 5).reversed());
    }
}
