package dev.dossier.exchange;

import dev.dossier.db.DefaultSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jooq.Table;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup archive: a zip with {@code manifest.json} and one JSON-lines file a table ({@code tables/NAME.jsonl}).
 * Knows which tables belong in it and in which order, and reads an archive back only after checking all of it.
 */
final class Archive {

    /** Raised when the layout of archives changes in a way older readers cannot follow. */
    static final int FORMAT = 1;

    static final String MANIFEST = "manifest.json";
    static final String HISTORY = "flyway_schema_history";
    /**
     * Left out: Flyway's own history (the target database gets it from its own migrations) and the event
     * publication log, which holds deliveries in flight between modules of one running installation: completed
     * entries are a log of that installation, incomplete ones would be delivered a second time by the restored one;
     * the API's rate-limit buckets, the passing state of the running installations; the background jobs' schedule,
     * which every installation builds for itself at start; and the identity generation, which only tells running
     * installations when to forget what they keep in memory; and the search feed and its state, which tell the
     * running installations' search indexes what to take in (a restored installation rebuilds its indexes).
     */
    static final Set<String> SKIPPED = Set.of(
            HISTORY,
            "event_publication",
            "event_publication_archive",
            "api_rate_limit_bucket",
            "scheduled_tasks",
            "identity_generation",
            "search_feed",
            "search_state",
            "export_chunk",
            "export_job");

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Archive() {}

    /**
     * The archive's table of contents.
     *
     * @param format archive format version ({@link #FORMAT})
     * @param dossierVersion the version of Dossier that wrote it
     * @param schemaVersion the latest successful Flyway migration of the source database
     * @param createdAt when the snapshot was taken (ISO 8601)
     * @param sourceDatabase the kind of database it came from (H2, PostgreSQL)
     * @param tables the tables, parents before the tables that refer to them
     */
    record Manifest(
            int format,
            String dossierVersion,
            String schemaVersion,
            String createdAt,
            String sourceDatabase,
            List<TableFile> tables) {

        long rows() {
            return tables == null
                    ? 0
                    : tables.stream().mapToLong(TableFile::rows).sum();
        }
    }

    /**
     * One table in the archive.
     *
     * @param name table name
     * @param file path of its data file in the zip
     * @param columns column names, in the order of the values of each row
     * @param primaryKey the columns the rows are ordered by
     * @param rows number of rows
     * @param sha256 SHA-256 of the data file, hex
     */
    record TableFile(
            String name, String file, List<String> columns, List<String> primaryKey, long rows, String sha256) {}

    /**
     * The tables of the current schema (from the generated jOOQ classes, so new tables are included by themselves),
     * ordered so that every table comes after the tables its foreign keys point to.
     */
    static List<Table<?>> tables() {
        var byName = new TreeMap<String, Table<?>>();
        for (var table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (!SKIPPED.contains(table.getName())) {
                byName.put(table.getName(), table);
            }
        }
        var parents = new HashMap<String, Set<String>>();
        for (var table : byName.values()) {
            var set = new HashSet<String>();
            for (var reference : table.getReferences()) {
                var parent = reference.getKey().getTable().getName();
                if (!parent.equals(table.getName()) && byName.containsKey(parent)) {
                    set.add(parent);
                }
            }
            parents.put(table.getName(), set);
        }
        var ordered = new ArrayList<Table<?>>();
        var done = new HashSet<String>();
        var pending = new ArrayDeque<>(byName.keySet());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                var name = it.next();
                if (done.containsAll(parents.get(name))) {
                    ordered.add(byName.get(name));
                    done.add(name);
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("Foreign keys form a cycle among " + pending);
            }
        }
        return ordered;
    }

    /** Columns of {@code table} that refer to the table itself (a tree), by column. */
    static List<String> selfReferences(Table<?> table) {
        var columns = new ArrayList<String>();
        for (var reference : table.getReferences()) {
            if (reference.getKey().getTable().getName().equals(table.getName())) {
                reference.getFields().forEach(f -> columns.add(f.getName()));
            }
        }
        return columns;
    }

    static String file(String table) {
        return "tables/" + table + ".jsonl";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An archive whose every byte has been checked; its data files can be read again to load them. */
    record Verified(Path path, Manifest manifest) {

        /** Reads every row of {@code table}, in order. */
        void rows(ZipFile zip, TableFile table, RowConsumer consumer) throws IOException {
            try (var reader = reader(zip, table)) {
                String line;
                long number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    consumer.accept(number, JsonLines.parse(line));
                }
            }
        }
    }

    /** Receives the rows of a table file. */
    interface RowConsumer {
        void accept(long number, List<JsonLines.Value> values) throws IOException;
    }

    private static BufferedReader reader(ZipFile zip, TableFile table) throws IOException {
        var entry = zip.getEntry(table.file());
        if (entry == null) {
            throw new ArchiveException(
                    "The archive has no file " + table.file() + " for table " + table.name() + ": it is incomplete.");
        }
        return new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Opens {@code path} and checks all of it before anything is written anywhere: the manifest, its format and
     * names, every table file's SHA-256 and row count, and that every row parses with one value a column.
     *
     * @throws ArchiveException with a message that says what is wrong
     */
    static Verified verify(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ArchiveException("No archive at " + path.toAbsolutePath() + ".");
        }
        try (var zip = new ZipFile(path.toFile())) {
            var manifestEntry = zip.getEntry(MANIFEST);
            if (manifestEntry == null) {
                throw new ArchiveException(
                        path.getFileName() + " is not a Dossier backup: it has no " + MANIFEST + ".");
            }
            Manifest manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = JSON.readValue(in, Manifest.class);
            } catch (JacksonException e) {
                throw new ArchiveException(
                        "The manifest of " + path.getFileName() + " cannot be read: " + e.getOriginalMessage(), e);
            }
            checkManifest(manifest);
            verifyTables(zip, manifest.tables());
            return new Verified(path, manifest);
        } catch (ZipException e) {
            throw new ArchiveException(
                    path.getFileName() + " is not a readable zip archive (truncated or damaged): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ArchiveException("Reading " + path.getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    private static void checkManifest(Manifest manifest) {
        if (manifest.format() != FORMAT) {
            throw new ArchiveException("The archive has format version " + manifest.format() + "; this Dossier reads "
                    + "format " + FORMAT + ".");
        }
        if (manifest.schemaVersion() == null || !manifest.schemaVersion().matches("[0-9]+([._][0-9]+)*")) {
            throw new ArchiveException("The manifest names no valid schema version.");
        }
        if (manifest.tables() == null || manifest.tables().isEmpty()) {
            throw new ArchiveException("The manifest lists no tables.");
        }
        var seen = new HashSet<String>();
        for (var table : manifest.tables()) {
            if (table.name() == null
                    || !NAME.matcher(table.name()).matches()
                    || SKIPPED.contains(table.name())
                    || !seen.add(table.name())) {
                throw new ArchiveException("The manifest names an invalid or repeated table: " + table.name() + ".");
            }
            if (!file(table.name()).equals(table.file())) {
                throw new ArchiveException(
                        "The manifest gives table " + table.name() + " the unexpected file " + table.file() + ".");
            }
            if (table.columns() == null
                    || table.columns().isEmpty()
                    || !table.columns().stream()
                            .allMatch(c -> c != null && NAME.matcher(c).matches())
                    || table.columns().stream().distinct().count()
                            != table.columns().size()) {
                throw new ArchiveException("The manifest lists invalid columns for table " + table.name() + ".");
            }
            if (table.rows() < 0 || table.sha256() == null || !table.sha256().matches("[0-9a-f]{64}")) {
                throw new ArchiveException(
                        "The manifest gives no valid row count and SHA-256 for table " + table.name() + ".");
            }
        }
    }

    /** Checks the tables side by side, on as many threads as there are processors; the first problem wins. */
    private static void verifyTables(ZipFile zip, List<TableFile> tables) throws IOException {
        int threads = Math.max(1, Math.min(tables.size(), Runtime.getRuntime().availableProcessors()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var checks = new ArrayList<java.util.concurrent.Future<?>>();
            for (var table : tables) {
                checks.add(pool.submit(() -> {
                    verifyTable(zip, table);
                    return null;
                }));
            }
            for (var check : checks) {
                try {
                    check.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow();
                    switch (e.getCause()) {
                        case ArchiveException archive -> throw archive;
                        case IOException io -> throw io;
                        case RuntimeException runtime -> throw runtime;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ArchiveException("Checking the archive was interrupted.", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void verifyTable(ZipFile zip, TableFile table) throws IOException {
        var entry = zip.getEntry(table.file());
        if (entry == null) {
            throw new ArchiveException(
                    "The archive has no file " + table.file() + " for table " + table.name() + ": it is incomplete.");
        }
        var digest = sha256();
        long rows = 0;
        try (var reader = new BufferedReader(
                new InputStreamReader(new DigestInputStream(zip.getInputStream(entry), digest), StandardCharsets.UTF_8),
                1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                rows++;
                List<JsonLines.Value> values;
                try {
                    values = JsonLines.parse(line);
                } catch (IllegalArgumentException e) {
                    throw new ArchiveException(
                            "Table " + table.name() + ", row " + rows + " cannot be read: " + e.getMessage() + ".");
                }
                if (values.size() != table.columns().size()) {
                    throw new ArchiveException("Table " + table.name() + ", row " + rows + " has " + values.size()
                            + " values for " + table.columns().size() + " columns.");
                }
            }
        } catch (ZipException e) {
            throw new ArchiveException("The data of table " + table.name() + " is damaged: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new ArchiveException("The data of table " + table.name() + " is cut off.", e);
        }
        var sha = HexFormat.of().formatHex(digest.digest());
        if (!sha.equals(table.sha256())) {
            throw new ArchiveException("The data of table " + table.name() + " does not match its SHA-256 checksum: "
                    + "the archive was changed or damaged.");
        }
        if (rows != table.rows()) {
            throw new ArchiveException(
                    "Table " + table.name() + " holds " + rows + " rows; the manifest says " + table.rows() + ".");
        }
    }

    /** Compares Flyway versions such as {@code 2.1} and {@code 10}. */
    static final Comparator<String> VERSIONS = (a, b) -> {
        var x = a.split("[._]");
        var y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            var p = i < x.length ? new java.math.BigInteger(x[i]) : java.math.BigInteger.ZERO;
            var q = i < y.length ? new java.math.BigInteger(y[i]) : java.math.BigInteger.ZERO;
            int c = p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    static Map<String, TableFile> byName(Manifest manifest) {
        var map = new java.util.LinkedHashMap<String, TableFile>();
        manifest.tables().forEach(t -> map.put(t.name(), t));
        return map;
    }
}
