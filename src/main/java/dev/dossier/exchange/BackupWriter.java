package dev.dossier.exchange;

import dev.dossier.DossierApplication;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;

/**
 * Writes the backup archive of a database: every table, in one read-only snapshot transaction, streamed row by row
 * in primary-key order, so the same data always gives the same table files.
 */
final class BackupWriter {

    /** Told after each thousand rows and each table, for progress shown to people. */
    interface Progress {
        void rows(String table, long tableRows, long totalRows);

        Progress NONE = (table, tableRows, totalRows) -> {};
    }

    private static final int FETCH_SIZE = 5_000;
    private final DataSource dataSource;

    BackupWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the archive to {@code out} (closed afterwards) and returns its manifest. */
    Archive.Manifest write(OutputStream out, Progress progress) throws IOException {
        try (var connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            var database = Databases.kind(connection);
            try {
                beginSnapshot(connection, database);
                var manifest = write(connection, database, out, progress);
                connection.commit();
                return manifest;
            } catch (SQLException e) {
                throw new ArchiveException("Reading the database failed: " + e.getMessage(), e);
            } finally {
                try {
                    connection.rollback();
                    if (database == Databases.Kind.H2) {
                        try (var statement = connection.createStatement()) {
                            statement.execute(
                                    "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
                        }
                    }
                    connection.setReadOnly(false);
                    connection.setTransactionIsolation(isolation);
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException e) {
                    // the pool discards a connection it cannot reset
                }
            }
        } catch (SQLException e) {
            throw new ArchiveException("Connecting to the database failed: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a read-only transaction that sees one state of the database throughout, whatever others commit
     * meanwhile: REPEATABLE READ on PostgreSQL; SNAPSHOT on H2, whose REPEATABLE READ lets rows inserted meanwhile
     * appear.
     */
    static void beginSnapshot(Connection connection, Databases.Kind database) throws SQLException {
        connection.setAutoCommit(false);
        if (database == Databases.Kind.POSTGRESQL) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
        } else {
            try (var statement = connection.createStatement()) {
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
        }
    }

    private Archive.Manifest write(Connection connection, Databases.Kind database, OutputStream out, Progress progress)
            throws SQLException, IOException {
        var createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        // The first read fixes the snapshot: the schema version belongs to the same state as the rows.
        var schemaVersion = Databases.schemaVersion(connection);
        if (schemaVersion == null) {
            throw new ArchiveException("The database has no schema yet: there is nothing to back up.");
        }
        var files = new ArrayList<Archive.TableFile>();
        long total = 0;
        try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            zip.setLevel(Deflater.BEST_SPEED);
            for (var table : Archive.tables()) {
                var name = table.getName();
                if (!Databases.exists(connection, name)) {
                    throw new ArchiveException("Table " + name + " is missing from the database: it is not at the "
                            + "schema version of this Dossier.");
                }
                var key = new ArrayList<String>();
                if (table.getPrimaryKey() != null) {
                    table.getPrimaryKey().getFields().forEach(f -> key.add(f.getName()));
                } else {
                    // without a key, all columns make the order
                    for (var field : table.fields()) {
                        key.add(field.getName());
                    }
                }
                zip.putNextEntry(new ZipEntry(Archive.file(name)));
                var digest = Archive.sha256();
                var writer = new BufferedWriter(
                        new OutputStreamWriter(
                                new DigestOutputStream(new KeepOpen(zip), digest), StandardCharsets.UTF_8),
                        1 << 16);
                var columns = new ArrayList<String>();
                long rows = 0;
                try (var statement = connection.createStatement()) {
                    statement.setFetchSize(FETCH_SIZE);
                    var order = orderBy(key, table, database);
                    try (var rs = statement.executeQuery("SELECT * FROM " + name + " ORDER BY " + order)) {
                        var meta = rs.getMetaData();
                        int count = meta.getColumnCount();
                        var kinds = new ColumnKind[count];
                        for (int i = 0; i < count; i++) {
                            columns.add(meta.getColumnLabel(i + 1).toLowerCase(java.util.Locale.ROOT));
                            kinds[i] = ColumnKind.of(meta.getColumnType(i + 1), meta.getColumnTypeName(i + 1));
                        }
                        var line = new StringBuilder(1024);
                        while (rs.next()) {
                            line.setLength(0);
                            line.append('[');
                            for (int i = 0; i < count; i++) {
                                if (i > 0) {
                                    line.append(',');
                                }
                                append(line, rs, i + 1, kinds[i]);
                            }
                            line.append("]\n");
                            writer.append(line);
                            rows++;
                            if (rows % 1000 == 0) {
                                progress.rows(name, rows, total + rows);
                            }
                        }
                    }
                }
                writer.flush();
                zip.closeEntry();
                total += rows;
                progress.rows(name, rows, total);
                files.add(new Archive.TableFile(
                        name,
                        Archive.file(name),
                        columns,
                        key,
                        rows,
                        HexFormat.of().formatHex(digest.digest())));
            }
            var manifest = new Archive.Manifest(
                    Archive.FORMAT, dossierVersion(), schemaVersion, createdAt.toString(), database.label(), files);
            zip.putNextEntry(new ZipEntry(Archive.MANIFEST));
            zip.write(Archive.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            return manifest;
        }
    }

    /**
     * Primary-key order; on PostgreSQL text keys compare by code point ({@code COLLATE "C"}) as H2 does, so that
     * both databases give the same bytes.
     */
    private static String orderBy(List<String> key, org.jooq.Table<?> table, Databases.Kind database) {
        var parts = new ArrayList<String>();
        for (var column : key) {
            var field = table.field(column);
            boolean text = field != null && String.class.equals(field.getType());
            parts.add(database == Databases.Kind.POSTGRESQL && text ? column + " COLLATE \"C\"" : column);
        }
        return String.join(", ", parts);
    }

    static String dossierVersion() {
        var version = DossierApplication.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** How a column's values are written. */
    enum ColumnKind {
        INTEGER,
        DECIMAL,
        BOOLEAN,
        TIMESTAMP_TZ,
        TIMESTAMP,
        DATE,
        TIME,
        UUID,
        BINARY,
        TEXT;

        static ColumnKind of(int sqlType, String typeName) {
            var name = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
            if (name.equals("uuid")) {
                return UUID;
            }
            return switch (sqlType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
                case Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE -> DECIMAL;
                case Types.BOOLEAN, Types.BIT -> BOOLEAN;
                case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
                case Types.TIMESTAMP -> name.contains("tz") || name.contains("time zone") ? TIMESTAMP_TZ : TIMESTAMP;
                case Types.DATE -> DATE;
                case Types.TIME, Types.TIME_WITH_TIMEZONE -> TIME;
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
                default -> TEXT;
            };
        }
    }

    private static void append(StringBuilder line, ResultSet rs, int i, ColumnKind kind) throws SQLException {
        switch (kind) {
            case INTEGER -> {
                long value = rs.getLong(i);
                line.append(rs.wasNull() ? "null" : Long.toString(value));
            }
            case DECIMAL -> {
                var value = rs.getBigDecimal(i);
                line.append(value == null ? "null" : value.toPlainString());
            }
            case BOOLEAN -> {
                boolean value = rs.getBoolean(i);
                line.append(rs.wasNull() ? "null" : Boolean.toString(value));
            }
            case TIMESTAMP_TZ -> {
                var value = rs.getObject(i, OffsetDateTime.class);
                quoted(
                        line,
                        value == null
                                ? null
                                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                        value.withOffsetSameInstant(ZoneOffset.UTC)));
            }
            case TIMESTAMP -> {
                var value = rs.getObject(i, LocalDateTime.class);
                quoted(line, value == null ? null : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value));
            }
            case DATE -> {
                var value = rs.getObject(i, LocalDate.class);
                quoted(line, value == null ? null : value.toString());
            }
            case TIME -> {
                var value = rs.getObject(i, LocalTime.class);
                quoted(line, value == null ? null : DateTimeFormatter.ISO_LOCAL_TIME.format(value));
            }
            case UUID -> {
                // both drivers give the canonical lower-case text; no need to build a UUID on the way
                var value = rs.getString(i);
                if (value == null) {
                    line.append("null");
                } else {
                    line.append('"').append(value).append('"');
                }
            }
            case BINARY -> {
                var value = rs.getBytes(i);
                quoted(line, value == null ? null : Base64.getEncoder().encodeToString(value));
            }
            case TEXT -> quoted(line, rs.getString(i));
        }
    }

    private static void quoted(StringBuilder line, String value) {
        if (value == null) {
            line.append("null");
        } else {
            JsonLines.appendString(line, value);
        }
    }

    /** Lets a writer over one zip entry be flushed without closing the zip. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
