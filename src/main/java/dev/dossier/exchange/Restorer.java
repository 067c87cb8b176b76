package dev.dossier.exchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.postgresql.PGConnection;

/**
 * Restores an archive into an empty database: checks all of the archive first, brings the schema to the archive's
 * version, loads every table in one transaction (nothing stays if anything fails), lets identity columns continue
 * after the restored values, then migrates to the latest version.
 */
final class Restorer {

    /**
     * What a restore did.
     *
     * @param manifest the archive's manifest
     * @param rows rows loaded
     * @param seconds how long it took
     * @param schemaVersion the schema version after the final migration
     */
    record Result(Archive.Manifest manifest, long rows, double seconds, String schemaVersion) {}

    private static final int BATCH = 1_000;
    private final DataSource dataSource;
    private final Configuration flyway;

    /**
     * @param dataSource the target database
     * @param flyway the migrations of this Dossier for that database (locations, schemas)
     */
    Restorer(DataSource dataSource, Configuration flyway) {
        this.dataSource = dataSource;
        this.flyway = flyway;
    }

    Result restore(Path path, BackupWriter.Progress progress) {
        long started = System.nanoTime();
        var archive = Archive.verify(path);
        var manifest = archive.manifest();
        var migrations =
                Flyway.configure(flyway.getClassLoader()).configuration(flyway).load();
        String latest = null;
        var known = new java.util.HashSet<String>();
        for (var info : migrations.info().all()) {
            if (info.getVersion() != null) {
                var version = info.getVersion().getVersion();
                known.add(version);
                if (latest == null || Archive.VERSIONS.compare(version, latest) > 0) {
                    latest = version;
                }
            }
        }
        if (latest == null || Archive.VERSIONS.compare(manifest.schemaVersion(), latest) > 0) {
            throw new ArchiveException("The archive has schema version " + manifest.schemaVersion()
                    + ", newer than this Dossier knows (" + latest + "): restore it with the Dossier version that "
                    + "wrote it (" + manifest.dossierVersion() + ") or a later one.");
        }
        if (known.stream().noneMatch(v -> Archive.VERSIONS.compare(v, manifest.schemaVersion()) == 0)) {
            throw new ArchiveException("The archive has schema version " + manifest.schemaVersion()
                    + ", which no migration of this Dossier has.");
        }
        try (var connection = dataSource.getConnection()) {
            var full = Databases.tablesWithRows(connection);
            if (!full.isEmpty()) {
                throw new ArchiveException("The target database is not empty (rows in " + String.join(", ", full)
                        + "): restore only into an empty database.");
            }
            var current = Databases.schemaVersion(connection);
            if (current != null && Archive.VERSIONS.compare(current, manifest.schemaVersion()) > 0) {
                throw new ArchiveException("The target database already has schema version " + current
                        + ", newer than the archive's " + manifest.schemaVersion()
                        + ": restore into a new, empty database.");
            }
        } catch (SQLException e) {
            throw new ArchiveException("Checking the target database failed: " + e.getMessage(), e);
        }
        Flyway.configure(flyway.getClassLoader())
                .configuration(flyway)
                .target(MigrationVersion.fromVersion(manifest.schemaVersion()))
                .load()
                .migrate();
        long rows;
        try (var zip = new ZipFile(path.toFile());
                var connection = dataSource.getConnection()) {
            rows = load(archive, zip, connection, progress);
        } catch (ArchiveException e) {
            throw new ArchiveException(e.getMessage() + " Nothing was restored.", e);
        } catch (SQLException e) {
            throw new ArchiveException("Loading the archive failed: " + e.getMessage() + ". Nothing was restored.", e);
        } catch (IOException e) {
            throw new ArchiveException("Reading the archive failed: " + e.getMessage() + ". Nothing was restored.", e);
        }
        migrations.migrate();
        String version;
        try (var connection = dataSource.getConnection()) {
            version = Databases.schemaVersion(connection);
        } catch (SQLException e) {
            throw new ArchiveException("Reading the schema version failed: " + e.getMessage(), e);
        }
        return new Result(manifest, rows, (System.nanoTime() - started) / 1e9, version);
    }

    private long load(Archive.Verified archive, ZipFile zip, Connection connection, BackupWriter.Progress progress)
            throws SQLException, IOException {
        var kind = Databases.kind(connection);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long total = 0;
        try {
            var known = new LinkedHashMap<String, org.jooq.Table<?>>();
            Archive.tables().forEach(t -> known.put(t.getName(), t));
            var recreate = new ArrayList<String>();
            if (kind == Databases.Kind.POSTGRESQL) {
                // keys first: a foreign key may lean on a unique index
                var foreignKeys = dropForeignKeys(connection, archive.manifest());
                recreate.addAll(dropIndexes(connection, archive.manifest()));
                recreate.addAll(foreignKeys);
            }
            for (var table : archive.manifest().tables()) {
                var target = columns(connection, table);
                var selfReferences = known.containsKey(table.name())
                        ? Archive.selfReferences(known.get(table.name()))
                        : List.<String>of();
                long loaded = kind == Databases.Kind.POSTGRESQL
                        ? copy(archive, zip, connection, table, target, selfReferences, total, progress)
                        : insert(archive, zip, connection, table, target, selfReferences, total, progress);
                if (!selfReferences.isEmpty()) {
                    linkSelfReferences(archive, zip, connection, table, target, selfReferences);
                }
                total += loaded;
                progress.rows(table.name(), loaded, total);
            }
            try (var statement = connection.createStatement()) {
                for (var sql : recreate) {
                    statement.execute(sql);
                }
            }
            if (kind == Databases.Kind.POSTGRESQL) {
                resetIdentities(connection, kind, archive.manifest());
            }
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        if (kind == Databases.Kind.H2) {
            // H2 commits every ALTER TABLE, so its identity columns move on after the rows are committed.
            resetIdentities(connection, kind, archive.manifest());
        }
        return total;
    }

    /** The archive's columns with their kinds in the target table; refuses columns the target does not have. */
    private static Map<String, Column> columns(Connection connection, Archive.TableFile table) throws SQLException {
        var all = new LinkedHashMap<String, Column>();
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT * FROM " + table.name() + " WHERE 1 = 0")) {
            var meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                all.put(
                        meta.getColumnLabel(i).toLowerCase(Locale.ROOT),
                        new Column(
                                meta.getColumnType(i),
                                BackupWriter.ColumnKind.of(meta.getColumnType(i), meta.getColumnTypeName(i)),
                                meta.getColumnTypeName(i).toLowerCase(Locale.ROOT)));
            }
        } catch (SQLException e) {
            throw new ArchiveException(
                    "Table " + table.name() + " of the archive does not exist in the database at "
                            + "schema version of the archive.",
                    e);
        }
        var selected = new LinkedHashMap<String, Column>();
        for (var column : table.columns()) {
            var found = all.get(column);
            if (found == null) {
                throw new ArchiveException("Column " + table.name() + "." + column + " of the archive does not exist "
                        + "in the database at the archive's schema version.");
            }
            selected.put(column, found);
        }
        return selected;
    }

    private record Column(int sqlType, BackupWriter.ColumnKind kind, String typeName) {}

    private static long insert(
            Archive.Verified archive,
            ZipFile zip,
            Connection connection,
            Archive.TableFile table,
            Map<String, Column> target,
            List<String> selfReferences,
            long before,
            BackupWriter.Progress progress)
            throws SQLException, IOException {
        var columns = new ArrayList<>(target.values());
        var sql = "INSERT INTO " + table.name() + " (" + String.join(", ", table.columns()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        var nulled = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            nulled[i] = selfReferences.contains(table.columns().get(i));
        }
        long[] count = {0};
        try (var statement = connection.prepareStatement(sql)) {
            archive.rows(zip, table, (number, values) -> {
                try {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(statement, i + 1, columns.get(i), nulled[i] ? null : values.get(i));
                    }
                    statement.addBatch();
                    if (++count[0] % BATCH == 0) {
                        statement.executeBatch();
                        progress.rows(table.name(), count[0], before + count[0]);
                    }
                } catch (SQLException e) {
                    throw new ArchiveException(
                            "Table " + table.name() + ", row " + number + " cannot be loaded: " + e.getMessage(), e);
                }
            });
            statement.executeBatch();
        }
        return count[0];
    }

    private static void bind(PreparedStatement statement, int index, Column column, JsonLines.Value value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, column.sqlType());
            return;
        }
        var text = value.text();
        try {
            switch (column.kind()) {
                case INTEGER -> statement.setLong(index, Long.parseLong(text));
                case DECIMAL -> statement.setBigDecimal(index, new BigDecimal(text));
                case BOOLEAN -> statement.setBoolean(index, Boolean.parseBoolean(text));
                case TIMESTAMP_TZ -> statement.setObject(index, OffsetDateTime.parse(text));
                case TIMESTAMP -> statement.setObject(index, LocalDateTime.parse(text));
                case DATE -> statement.setObject(index, LocalDate.parse(text));
                case TIME -> statement.setObject(index, LocalTime.parse(text));
                case UUID -> statement.setObject(index, UUID.fromString(text));
                case BINARY -> statement.setBytes(index, Base64.getDecoder().decode(text));
                case TEXT -> {
                    if (column.typeName().startsWith("json")) {
                        statement.setObject(index, text, Types.OTHER);
                    } else {
                        statement.setString(index, text);
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new SQLException("'" + text + "' is not a valid " + column.typeName() + " value", e);
        }
    }

    /** PostgreSQL's COPY, in its text format: many times faster than inserts for millions of rows. */
    private static long copy(
            Archive.Verified archive,
            ZipFile zip,
            Connection connection,
            Archive.TableFile table,
            Map<String, Column> target,
            List<String> selfReferences,
            long before,
            BackupWriter.Progress progress)
            throws SQLException, IOException {
        var columns = new ArrayList<>(target.values());
        var nulled = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            nulled[i] = selfReferences.contains(table.columns().get(i));
        }
        var copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table.name() + " (" + String.join(", ", table.columns()) + ") FROM STDIN");
        var buffer = new StringBuilder(1 << 17);
        long[] count = {0};
        try {
            archive.rows(zip, table, (number, values) -> {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        buffer.append('\t');
                    }
                    var value = nulled[i] ? null : values.get(i);
                    if (value == null) {
                        buffer.append("\\N");
                    } else if (columns.get(i).kind() == BackupWriter.ColumnKind.BINARY) {
                        buffer.append("\\\\x")
                                .append(HexFormat.of()
                                        .formatHex(Base64.getDecoder().decode(value.text())));
                    } else {
                        dev.dossier.db.Batches.copyEscaped(buffer, value.text());
                    }
                }
                buffer.append('\n');
                if (buffer.length() >= 1 << 16) {
                    flush(copy, buffer);
                }
                if (++count[0] % 10_000 == 0) {
                    progress.rows(table.name(), count[0], before + count[0]);
                }
            });
            flush(copy, buffer);
            copy.endCopy();
        } catch (SQLException e) {
            throw new ArchiveException("Table " + table.name() + " cannot be loaded: " + e.getMessage(), e);
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return count[0];
    }

    private static void flush(org.postgresql.copy.CopyIn copy, StringBuilder buffer) throws IOException {
        var bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        buffer.setLength(0);
    }

    /** Sets the columns that point into their own table once all its rows are there, whatever their order. */
    private static void linkSelfReferences(
            Archive.Verified archive,
            ZipFile zip,
            Connection connection,
            Archive.TableFile table,
            Map<String, Column> target,
            List<String> selfReferences)
            throws SQLException, IOException {
        var key = table.primaryKey();
        if (key == null || key.isEmpty()) {
            throw new ArchiveException("Table " + table.name() + " refers to itself but the archive names no key.");
        }
        var sql = "UPDATE " + table.name() + " SET "
                + String.join(", ", selfReferences.stream().map(c -> c + " = ?").toList()) + " WHERE "
                + String.join(" AND ", key.stream().map(c -> c + " = ?").toList());
        try (var statement = connection.prepareStatement(sql)) {
            long[] pending = {0};
            archive.rows(zip, table, (number, values) -> {
                try {
                    boolean any = false;
                    int p = 1;
                    for (var column : selfReferences) {
                        var value = values.get(table.columns().indexOf(column));
                        any |= value != null;
                        bind(statement, p++, target.get(column), value);
                    }
                    if (!any) {
                        return;
                    }
                    for (var column : key) {
                        bind(
                                statement,
                                p++,
                                target.get(column),
                                values.get(table.columns().indexOf(column)));
                    }
                    statement.addBatch();
                    if (++pending[0] % BATCH == 0) {
                        statement.executeBatch();
                    }
                } catch (SQLException e) {
                    throw new ArchiveException(
                            "Table " + table.name() + ", row " + number + " cannot be linked: " + e.getMessage(), e);
                }
            });
            statement.executeBatch();
        }
    }

    /**
     * Drops the plain indexes of the restored tables (not those behind primary keys and constraints), to build
     * them once after the load instead of row by row. Returns the statements that recreate them.
     */
    private static List<String> dropIndexes(Connection connection, Archive.Manifest manifest) throws SQLException {
        var recreate = new ArrayList<String>();
        var names = new ArrayList<String>();
        try (var statement = connection.prepareStatement("""
                SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND t.relname = ?
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                ORDER BY i.relname""")) {
            for (var table : manifest.tables()) {
                statement.setString(1, table.name());
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                        recreate.add(rs.getString(2));
                    }
                }
            }
        }
        try (var statement = connection.createStatement()) {
            statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
            for (var name : names) {
                statement.execute("DROP INDEX \"" + name + "\"");
            }
        }
        return recreate;
    }

    /**
     * Drops the foreign keys of the restored tables, to check each once for the whole table when it is added back
     * after the load, instead of row by row. Returns the statements that add them back (the transaction undoes
     * the drop if anything fails, a violated key included).
     */
    private static List<String> dropForeignKeys(Connection connection, Archive.Manifest manifest) throws SQLException {
        var tables = manifest.tables().stream().map(Archive.TableFile::name).toList();
        var drop = new ArrayList<String>();
        var add = new ArrayList<String>();
        try (var statement = connection.prepareStatement("""
                SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE c.contype = 'f' AND n.nspname = current_schema() ORDER BY t.relname, c.conname""");
                var rs = statement.executeQuery()) {
            while (rs.next()) {
                if (tables.contains(rs.getString(1))) {
                    drop.add("ALTER TABLE " + rs.getString(1) + " DROP CONSTRAINT \"" + rs.getString(2) + "\"");
                    add.add("ALTER TABLE " + rs.getString(1) + " ADD CONSTRAINT \"" + rs.getString(2) + "\" "
                            + rs.getString(3));
                }
            }
        }
        try (var statement = connection.createStatement()) {
            for (var sql : drop) {
                statement.execute(sql);
            }
        }
        return add;
    }

    /** Lets identity and serial columns continue after the highest restored value. */
    static void resetIdentities(Connection connection, Databases.Kind kind, Archive.Manifest manifest)
            throws SQLException {
        var schema = connection.getSchema();
        for (var table : manifest.tables()) {
            var columns = new ArrayList<String>();
            try (var statement = connection.prepareStatement(
                    kind == Databases.Kind.POSTGRESQL
                            ? "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                                    + "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')"
                            : "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                                    + "AND is_identity = 'YES'")) {
                statement.setString(1, schema);
                statement.setString(2, table.name());
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
            for (var column : columns) {
                try (var statement = connection.createStatement()) {
                    if (kind == Databases.Kind.POSTGRESQL) {
                        statement.execute("SELECT setval(pg_get_serial_sequence('" + table.name() + "', '" + column
                                + "'), COALESCE(MAX(" + column + "), 0) + 1, false) FROM " + table.name());
                    } else {
                        long next;
                        try (var rs = statement.executeQuery(
                                "SELECT COALESCE(MAX(" + column + "), 0) + 1 FROM " + table.name())) {
                            rs.next();
                            next = rs.getLong(1);
                        }
                        statement.execute(
                                "ALTER TABLE " + table.name() + " ALTER COLUMN " + column + " RESTART WITH " + next);
                    }
                }
            }
        }
    }
}
