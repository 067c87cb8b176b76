package dev.dossier.exchange;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What backup and restore need to know of the database they work on, asked the same way on H2 and PostgreSQL. */
final class Databases {

    enum Kind {
        H2("H2"),
        POSTGRESQL("PostgreSQL");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private Databases() {}

    static Kind kind(Connection connection) throws SQLException {
        var product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return Kind.POSTGRESQL;
        }
        if (product.contains("h2")) {
            return Kind.H2;
        }
        throw new ArchiveException("Backup and restore work on H2 and PostgreSQL, not on " + product + ".");
    }

    /** The tables of the connection's current schema, in lower case. */
    static List<String> tables(Connection connection) throws SQLException {
        var names = new ArrayList<String>();
        var schema = connection.getSchema();
        if (schema == null) {
            // PostgreSQL names no current schema while the one asked for does not exist yet
            return names;
        }
        var meta = connection.getMetaData();
        var escape = meta.getSearchStringEscape();
        var pattern = schema.replace(escape, escape + escape)
                .replace("_", escape + "_")
                .replace("%", escape + "%");
        try (var rs = meta.getTables(null, pattern, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    static boolean exists(Connection connection, String table) throws SQLException {
        return tables(connection).contains(table);
    }

    /** The version of the latest successful Flyway migration, or null for a database without schema. */
    static String schemaVersion(Connection connection) throws SQLException {
        if (!exists(connection, Archive.HISTORY)) {
            return null;
        }
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT version FROM " + Archive.HISTORY
                        + " WHERE success AND version IS NOT NULL " + "ORDER BY installed_rank DESC")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The tables (other than Flyway's history) that hold at least one row. */
    static List<String> tablesWithRows(Connection connection) throws SQLException {
        var found = new ArrayList<String>();
        for (var table : tables(connection)) {
            if (table.equals(Archive.HISTORY)) {
                continue;
            }
            try (var statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT 1 FROM \"" + table + "\" LIMIT 1")) {
                if (rs.next()) {
                    found.add(table);
                }
            }
        }
        return found;
    }
}
