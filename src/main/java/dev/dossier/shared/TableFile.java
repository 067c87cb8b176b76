package dev.dossier.shared;

import de.siegmar.fastcsv.writer.CsvWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * A list written as a spreadsheet file while it is read, so that memory stays the same however long the list is:
 * CSV in UTF-8 with a byte order mark (so that Excel reads Chinese), or XLSX through POI's streaming workbook (a
 * hundred rows in memory, the rest on disk). Cells a spreadsheet would run as formulas are written as text
 * ({@link SpreadsheetText}).
 */
public final class TableFile {

    /** The formats written. */
    public enum Format {
        CSV("text/csv;charset=UTF-8", "csv"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

        public final String contentType;
        public final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }
    }

    /** A stream that wants to know each row written into it (to show an export's progress). */
    public interface RowCounter {
        void row();
    }

    /** Produces the rows: hands each one's cells, in the headers' order, to the consumer. */
    @FunctionalInterface
    public interface Rows {
        void each(Consumer<List<String>> row) throws IOException;
    }

    /** The last row index of an XLSX sheet (the header is row 0). */
    static final int MAX_XLSX_ROW = 1_048_575;

    private TableFile() {}

    /** Writes the headers and the rows; returns how many rows. */
    public static long write(Format format, OutputStream out, String sheetName, List<String> headers, Rows rows)
            throws IOException {
        var count = new long[1];
        Runnable counted = out instanceof RowCounter counter ? counter::row : () -> {};
        try {
            if (format == Format.CSV) {
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                var writer = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                writer.writeRecord(headers);
                rows.each(cells -> {
                    writer.writeRecord(cells.stream().map(SpreadsheetText::safe).toList());
                    count[0]++;
                    counted.run();
                });
                writer.flush();
            } else {
                var workbook = new SXSSFWorkbook(100);
                try {
                    var sheets = new org.apache.poi.ss.usermodel.Sheet[1];
                    var line = new int[1];
                    rows.each(cells -> {
                        if (sheets[0] == null || line[0] == MAX_XLSX_ROW) {
                            // A sheet holds 1,048,576 rows: the rest go on to the next, under the same headers.
                            int number = workbook.getNumberOfSheets() + 1;
                            sheets[0] = workbook.createSheet(number == 1 ? sheetName : sheetName + " " + number);
                            header(sheets[0], headers);
                            line[0] = 0;
                        }
                        count[0]++;
                        counted.run();
                        var row = sheets[0].createRow(++line[0]);
                        for (int i = 0; i < cells.size(); i++) {
                            var cell = cells.get(i);
                            if (cell != null && !cell.isEmpty()) {
                                row.createCell(i).setCellValue(cell);
                            }
                        }
                    });
                    if (sheets[0] == null) {
                        header(workbook.createSheet(sheetName), headers);
                    }
                    workbook.write(out);
                } finally {
                    workbook.close();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return count[0];
    }

    private static void header(org.apache.poi.ss.usermodel.Sheet sheet, List<String> headers) {
        var head = sheet.createRow(0);
        for (int i = 0; i < headers.size(); i++) {
            head.createCell(i).setCellValue(headers.get(i));
        }
    }

    /**
     * Names of the records a file refers to (customers, users), looked up once for each page of rows and kept for the
     * rest of the file.
     */
    public static final class Names {
        private final java.util.function.Function<
                        java.util.Collection<java.util.UUID>, java.util.Map<java.util.UUID, String>>
                lookup;
        private final java.util.Map<java.util.UUID, String> known = new java.util.HashMap<>();

        public Names(
                java.util.function.Function<java.util.Collection<java.util.UUID>, java.util.Map<java.util.UUID, String>>
                        lookup) {
            this.lookup = lookup;
        }

        /** Looks up the names of the page's ids not known yet. */
        public <T> void learn(List<T> page, java.util.function.Function<T, java.util.UUID> id) {
            var missing = page.stream()
                    .map(id)
                    .filter(i -> i != null && !known.containsKey(i))
                    .distinct()
                    .toList();
            if (!missing.isEmpty()) {
                known.putAll(lookup.apply(missing));
            }
        }

        /** The name, or an empty cell when there is none or it cannot be found. */
        public String of(java.util.UUID id) {
            return id == null ? "" : known.getOrDefault(id, "");
        }
    }

    /** Walks a keyset-paged list to its end: each page, from the first, until a page has no next cursor. */
    public static <T> void walk(java.util.function.Function<String, Slice<T>> pages, Consumer<List<T>> page) {
        String cursor = null;
        do {
            var slice = pages.apply(cursor);
            page.accept(slice.items());
            cursor = slice.nextCursor();
        } while (cursor != null);
    }

    /** Sets a download's content type and file name ({@code baseName.extension}). */
    public static void download(HttpServletResponse response, String contentType, String fileName) {
        response.setContentType(contentType);
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
    }
}
