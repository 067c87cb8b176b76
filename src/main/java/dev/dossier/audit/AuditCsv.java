package dev.dossier.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Writes entries as CSV (RFC 4180), a batch at a time. */
@Component
class AuditCsv {

    static final List<String> HEADER = List.of(
            "seq",
            "occurred_at",
            "actor_id",
            "actor_name",
            "client_address",
            "action",
            "subject_type",
            "subject_id",
            "detail",
            "redacted");

    private final AuditQueries queries;

    AuditCsv(AuditQueries queries) {
        this.queries = queries;
    }

    /** Writes a byte order mark, the header and every entry matching the filter; returns how many entries. */
    long write(AuditQueries.Filter filter, Writer out) throws IOException {
        out.write('\uFEFF');
        line(out, HEADER);
        try {
            return queries.forEach(filter, row -> {
                try {
                    line(
                            out,
                            java.util.Arrays.asList(
                                    Long.toString(row.seq()),
                                    row.occurredAt().toString(),
                                    text(row.actorId()),
                                    row.actorName(),
                                    row.clientAddress(),
                                    row.action(),
                                    row.subjectType(),
                                    text(row.subjectId()),
                                    row.detail(),
                                    Boolean.toString(row.redacted())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void line(Writer out, List<String> values) throws IOException {
        out.write(values.stream().map(AuditCsv::field).collect(Collectors.joining(",")));
        out.write("\r\n");
    }

    /** Quotes where needed; a value a spreadsheet would run as a formula gets a leading apostrophe. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
