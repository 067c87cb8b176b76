package dev.dossier.exchange;

import dev.dossier.db.tables.records.ImportJobRecord;
import dev.dossier.shared.SpreadsheetText;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** An import as the API and the pages show it, and its problems in the reader's language. */
@Component
class ImportViews {

    /**
     * A column of the file.
     *
     * @param index its position, from 0
     * @param header its header as the file has it
     * @param field the field it is read into (one of the import kind's), or null when it is left out
     */
    record Column(int index, String header, String field) {}

    /**
     * How the rows went (in a preview: how they would go).
     *
     * @param created new customers
     * @param updated customers brought up to date (or given a new contact)
     * @param unchanged rows that match a customer and change nothing
     * @param skipped rows left out: duplicates under "skip", or of customers the importer may not change
     * @param invalid rows with problems; nothing of them is written
     * @param duplicates rows found to be a customer already there by phone, email, company name or an earlier row
     * @param undone customers an undo put back (created ones to the trash, changed ones to their earlier values)
     * @param kept customers an undo kept as they are: changed since the import, or out of reach
     */
    record Counts(
            long created,
            long updated,
            long unchanged,
            long skipped,
            long invalid,
            long duplicates,
            long undone,
            long kept) {}

    /**
     * An import.
     *
     * @param id its id
     * @param kind CUSTOMERS or INTERACTIONS: what its rows bring in
     * @param fileName the file's name
     * @param fileSize its bytes
     * @param sha256 its SHA-256, hex
     * @param format CSV, XLSX or VCARD
     * @param encoding the character set a CSV file was read in
     * @param state UPLOADED, PREVIEWING, PREVIEWED, QUEUED, RUNNING, DONE, FAILED, CANCELLED, UNDOING or UNDONE
     * @param phase PREVIEW, RUN or UNDO: what the counts and problems are of
     * @param columns the file's columns and their fields
     * @param onDuplicate SKIP, FILL_BLANKS or OVERWRITE
     * @param ownerRule IMPORTER, USER or ROUND_ROBIN
     * @param ownerId the owner for USER
     * @param teamId the team for ROUND_ROBIN
     * @param rowsTotal the rows of the file
     * @param rowsDone the rows judged or imported so far (while undoing: the customers gone through)
     * @param undoTotal the customers an undo goes through
     * @param counts how they went
     * @param secondsLeft the time left at the pace so far, while working
     * @param error why it failed, in the reader's language, or null
     * @param createdAt uploaded
     * @param startedAt the preview or run started
     * @param finishedAt it ended
     * @param version for If-Match
     */
    record ImportResource(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            UUID id,

            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"CUSTOMERS", "INTERACTIONS"})
            String kind,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String fileName,

            long fileSize,
            String sha256,
            String format,
            String encoding,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String state,

            String phase,
            List<Column> columns,
            String onDuplicate,
            String ownerRule,
            UUID ownerId,
            UUID teamId,
            long rowsTotal,
            long rowsDone,
            long undoTotal,
            Counts counts,
            Long secondsLeft,
            String error,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            int version) {}

    /**
     * A problem of a row.
     *
     * @param line the row number in the file (the header is row 1)
     * @param field the column's header, or empty for the row as a whole
     * @param code what is wrong, as a message key
     * @param message what is wrong, in the reader's language
     */
    record ProblemResource(long line, String field, String code, String message) {}

    private final MessageSource messages;
    private final Imports imports;

    ImportViews(MessageSource messages, Imports imports) {
        this.messages = messages;
        this.imports = imports;
    }

    ImportResource resource(ImportJobRecord job, Locale locale) {
        var left = imports.timeLeft(job);
        return new ImportResource(
                job.getId(),
                job.getKind(),
                job.getFileName(),
                job.getFileSize(),
                job.getFileHash(),
                job.getFormat(),
                job.getEncoding(),
                job.getState(),
                job.getPhase(),
                columns(job),
                job.getOnDuplicate(),
                job.getOwnerRule(),
                job.getOwnerId(),
                job.getTeamId(),
                job.getRowsTotal(),
                job.getRowsDone(),
                job.getUndoTotal(),
                counts(job),
                left == null ? null : left.toSeconds(),
                error(job, locale),
                job.getCreatedAt(),
                job.getStartedAt(),
                job.getFinishedAt(),
                job.getVersion());
    }

    static Counts counts(ImportJobRecord job) {
        return new Counts(
                job.getCreatedCount(),
                job.getUpdatedCount(),
                job.getUnchangedCount(),
                job.getSkippedCount(),
                job.getInvalidCount(),
                job.getDuplicateCount(),
                job.getUndoneCount(),
                job.getKeptCount());
    }

    static List<Column> columns(ImportJobRecord job) {
        var mapping = ColumnMapping.parse(job.getMapping());
        var headers = Imports.headers(job);
        var columns = new ArrayList<Column>();
        for (int i = 0; i < headers.size(); i++) {
            columns.add(new Column(i, headers.get(i), mapping.get(i)));
        }
        return columns;
    }

    String error(ImportJobRecord job, Locale locale) {
        if (job.getError() == null) {
            return null;
        }
        var parts = job.getError().split("\u001f", -1);
        Object[] args = parts.length > 1 ? new Object[] {parts[1]} : new Object[0];
        return messages.getMessage(parts[0], args, parts[0], locale);
    }

    List<ProblemResource> problems(ImportJobRecord job, long afterLine, int limit, Locale locale) {
        var headerOf = headerOf(job, locale);
        return imports.problems(job, afterLine, limit).stream()
                .map(p -> new ProblemResource(p.line(), headerOf.apply(p.field()), p.code(), message(p, locale)))
                .toList();
    }

    private java.util.function.Function<String, String> headerOf(ImportJobRecord job, Locale locale) {
        var columns = columns(job);
        var kind = ImportKind.of(job.getKind());
        return field -> {
            if (field == null || field.isEmpty()) {
                return "";
            }
            return columns.stream()
                    .filter(c -> field.equals(c.field()))
                    .map(Column::header)
                    .findFirst()
                    .orElseGet(() -> messages.getMessage(kind.label(field), null, field, locale));
        };
    }

    String message(Imports.Problem p, Locale locale) {
        return messages.getMessage(p.code(), p.args().toArray(), p.code(), locale);
    }

    /** Sends {@link #report} as a download, in the reader's language. */
    void download(ImportJobRecord job, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                org.springframework.http.ContentDisposition.attachment()
                        .filename("import-problems-" + job.getId() + ".csv")
                        .build()
                        .toString());
        report(job, response.getOutputStream(), org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    /**
     * The problems of an import as a CSV file (UTF-8 with a byte order mark, so spreadsheets read it): the row
     * number, the column and the problem in the reader's language, then the row's own cells under the file's headers,
     * ready to be corrected and imported again. A cell a spreadsheet would run as a formula is written as text.
     */
    void report(ImportJobRecord job, OutputStream out, Locale locale) throws IOException {
        var headerOf = headerOf(job, locale);
        var writer = de.siegmar.fastcsv.writer.CsvWriter.builder()
                .build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        var head = new ArrayList<String>();
        head.add(messages.getMessage("import.report.line", null, locale));
        head.add(messages.getMessage("import.report.field", null, locale));
        head.add(messages.getMessage("import.report.problem", null, locale));
        Imports.headers(job).forEach(h -> head.add(SpreadsheetText.safe(h)));
        writer.writeRecord(head);
        long after = 0;
        while (true) {
            var page = imports.problems(job, after, 1_000);
            if (page.isEmpty()) {
                break;
            }
            if (page.size() == 1_000) {
                // The last row of a full page may go on in the next one: leave it for that page.
                long last = page.getLast().line();
                var whole = page.stream().filter(p -> p.line() != last).toList();
                if (!whole.isEmpty()) {
                    page = whole;
                }
            }
            long line = -1;
            var fields = new ArrayList<String>();
            var texts = new ArrayList<String>();
            List<String> cells = null;
            for (var p : page) {
                if (p.line() != line && line >= 0) {
                    write(writer, line, fields, texts, cells);
                    fields.clear();
                    texts.clear();
                    cells = null;
                }
                line = p.line();
                fields.add(headerOf.apply(p.field()));
                texts.add(message(p, locale));
                if (p.cells() != null) {
                    cells = p.cells();
                }
            }
            write(writer, line, fields, texts, cells);
            after = line;
        }
        writer.flush();
    }

    private static void write(
            de.siegmar.fastcsv.writer.CsvWriter writer,
            long line,
            List<String> fields,
            List<String> texts,
            List<String> cells) {
        var record = new ArrayList<String>();
        record.add(Long.toString(line));
        record.add(SpreadsheetText.safe(String.join(
                "; ", fields.stream().filter(f -> !f.isEmpty()).distinct().toList())));
        record.add(SpreadsheetText.safe(String.join("; ", texts)));
        if (cells != null) {
            cells.forEach(c -> record.add(SpreadsheetText.safe(c)));
        }
        writer.writeRecord(record);
    }
}
