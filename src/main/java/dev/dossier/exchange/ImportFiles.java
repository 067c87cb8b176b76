package dev.dossier.exchange;

import static dev.dossier.db.Tables.IMPORT_CHUNK;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The files of imports: kept in the database in encrypted chunks while their import needs them (so that any instance
 * can run or resume it), and read back as a table of rows. CSV files in UTF-8 (with or without a byte order mark),
 * UTF-16 with a mark, GBK and GB18030 are told apart by their bytes; XLSX workbooks are read as a stream of their
 * first sheet ({@link Workbooks}), vCard files a card at a time ({@link VCards}).
 */
@Component
class ImportFiles {

    static final String CHUNK_COLUMN = "import_chunk.data";
    static final int CHUNK_BYTES = 1 << 20;
    static final int HEAD_BYTES = 64 * 1024;

    /** The formats read. */
    enum Format {
        CSV,
        XLSX,
        VCARD
    }

    /**
     * A file as stored.
     *
     * @param size its bytes
     * @param sha256 its digest, hex
     * @param format CSV, XLSX or VCARD
     * @param encoding the character set of a CSV file (its Java name), or UTF-8 for a workbook
     * @param delimiter the field separator of a CSV file (a comma for the other formats)
     */
    record Stored(long size, String sha256, Format format, String encoding, char delimiter) {}

    /**
     * One row of a file.
     *
     * @param line its row number as a spreadsheet shows it (the header is row 1)
     * @param cells its cells, as text
     */
    record SourceRow(long line, List<String> cells) {}

    /** The rows of a stored file after its header, read as a stream; close it when done. */
    interface Table extends Iterator<SourceRow>, AutoCloseable {

        List<String> headers();

        @Override
        void close();
    }

    private final DSLContext db;
    private final FieldCipher cipher;

    ImportFiles(DSLContext db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    /**
     * Stores the file in chunks, each written as it is read, and tells its format and encoding.
     *
     * @throws ValidationException when it is empty or larger than {@code maxBytes}
     */
    Stored store(UUID importId, InputStream in, long maxBytes) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        var buffer = new byte[CHUNK_BYTES];
        byte[] head = null;
        long size = 0;
        int seq = 0;
        while (true) {
            int n = in.readNBytes(buffer, 0, buffer.length);
            if (n <= 0) {
                break;
            }
            size += n;
            if (size > maxBytes) {
                throw new ValidationException(List.of(new FieldProblem("file", "import.file.too-large", maxBytes)));
            }
            if (head == null) {
                head = java.util.Arrays.copyOf(buffer, Math.min(n, HEAD_BYTES));
            }
            digest.update(buffer, 0, n);
            var data = Base64.getEncoder()
                    .encodeToString(n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n));
            db.insertInto(IMPORT_CHUNK)
                    .set(IMPORT_CHUNK.IMPORT_ID, importId)
                    .set(IMPORT_CHUNK.SEQ, seq++)
                    .set(IMPORT_CHUNK.DATA, cipher.encrypt(CHUNK_COLUMN, data))
                    .execute();
        }
        if (head == null || blank(head)) {
            throw new ValidationException(List.of(new FieldProblem("file", "import.file.empty")));
        }
        var hash = HexFormat.of().formatHex(digest.digest());
        if (zip(head)) {
            return new Stored(size, hash, Format.XLSX, "UTF-8", ',');
        }
        if (VCards.looksLikeOne(head)) {
            return new Stored(size, hash, Format.VCARD, "UTF-8", ',');
        }
        long mixed = mixedAt(head);
        if (mixed > 0) {
            throw new ValidationException(List.of(new FieldProblem("file", "import.file.mixed-encoding", mixed)));
        }
        var charset = encoding(head);
        return new Stored(size, hash, Format.CSV, charset.name(), delimiter(head, charset));
    }

    /** Removes a file's chunks. */
    void delete(UUID importId) {
        db.deleteFrom(IMPORT_CHUNK).where(IMPORT_CHUNK.IMPORT_ID.eq(importId)).execute();
    }

    /** The stored file as a stream, its chunks read one at a time. */
    InputStream open(UUID importId) {
        return new InputStream() {
            private int seq;
            private byte[] chunk = new byte[0];
            private int position;
            private boolean end;

            private boolean fill() {
                while (!end && position >= chunk.length) {
                    var stored = db.select(IMPORT_CHUNK.DATA)
                            .from(IMPORT_CHUNK)
                            .where(IMPORT_CHUNK.IMPORT_ID.eq(importId))
                            .and(IMPORT_CHUNK.SEQ.eq(seq))
                            .fetchOptional(IMPORT_CHUNK.DATA);
                    if (stored.isEmpty()) {
                        end = true;
                        return false;
                    }
                    chunk = Base64.getDecoder().decode(cipher.decrypt(CHUNK_COLUMN, stored.get()));
                    position = 0;
                    seq++;
                }
                return !end;
            }

            @Override
            public int read() {
                return fill() ? chunk[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The rows of a stored file, as {@link #store} described it. */
    Table table(UUID importId, Format format, String encoding, char delimiter) {
        return switch (format) {
            case CSV -> new CsvTable(open(importId), Charset.forName(encoding), delimiter);
            case XLSX -> Workbooks.firstSheet(open(importId));
            case VCARD -> new VCards(open(importId));
        };
    }

    /** The field separator a CSV file's first line uses most: comma, semicolon or tab. */
    static char delimiter(byte[] head, Charset charset) {
        var text = new String(head, charset);
        int end = text.indexOf('\n');
        var first = end < 0 ? text : text.substring(0, end);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                switch (c) {
                    case ',' -> commas++;
                    case ';' -> semicolons++;
                    case '\t' -> tabs++;
                    default -> {}
                }
            }
        }
        if (tabs > commas && tabs >= semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /** UTF-16 when marked, UTF-8 when the bytes are UTF-8 (with a mark or not), GB18030 (which reads GBK) else. */
    static Charset encoding(byte[] head) {
        if (head.length >= 2
                && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE
                        || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) {
            return StandardCharsets.UTF_16;
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // The head may end inside a character: not at the end of input, so that is no error.
        var result = decoder.decode(ByteBuffer.wrap(head), CharBuffer.allocate(head.length), false);
        return result.isError() ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
    }

    /**
     * The line at which a head that starts in UTF-8 (Chinese written as valid three-byte sequences) turns into
     * something else (GBK, as when rows saved by another program were pasted in), or 0 when it does not.
     */
    static long mixedAt(byte[] head) {
        int valid = 0;
        long line = 1;
        for (int i = 0; i < head.length; ) {
            int b = head[i] & 0xff;
            if (b == '\n') {
                line++;
            }
            if (b < 0x80) {
                i++;
                continue;
            }
            int length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
            if (i + length > head.length) {
                break;
            }
            boolean ok = length > 0;
            for (int k = 1; ok && k < length; k++) {
                ok = (head[i + k] & 0xC0) == 0x80;
            }
            if (ok) {
                valid += length == 3 ? 1 : 0;
                i += length;
            } else {
                return valid >= 2 ? line : 0;
            }
        }
        return 0;
    }

    private static boolean zip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    private static boolean blank(byte[] head) {
        for (byte b : head) {
            if (b != ' '
                    && b != '\n'
                    && b != '\r'
                    && b != '\t'
                    && (b & 0xff) != 0xEF
                    && (b & 0xff) != 0xBB
                    && (b & 0xff) != 0xBF) {
                return false;
            }
        }
        return true;
    }

    /** A CSV file read as records (RFC 4180), decoded strictly so that a change of encoding is noticed. */
    static final class CsvTable implements Table {

        private final Reader reader;
        private final Iterator<CsvRecord> records;
        private final List<String> headers;
        private long line = 1;
        private SourceRow next;

        CsvTable(InputStream in, Charset charset, char delimiter) {
            // Bytes that are not of the file's encoding become U+FFFD, found in the row they belong to.
            var decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith("\uFFFD");
            this.reader = new InputStreamReader(in, decoder);
            var csv = CsvReader.builder()
                    .fieldSeparator(delimiter)
                    .skipEmptyLines(true)
                    .allowExtraFields(true)
                    .allowMissingFields(true)
                    .allowUnclosedQuote(false)
                    .ofCsvRecord(reader);
            this.records = csv.iterator();
            List<String> first = List.of();
            try {
                if (records.hasNext()) {
                    first = records.next().getFields();
                }
            } catch (CsvParseException | UncheckedIOException e) {
                throw problem(e, 1);
            }
            var cleaned = new ArrayList<String>(first.size());
            for (int i = 0; i < first.size(); i++) {
                var h = first.get(i);
                cleaned.add(i == 0 && h.startsWith("\uFEFF") ? h.substring(1).strip() : h.strip());
            }
            this.headers = List.copyOf(cleaned);
        }

        @Override
        public List<String> headers() {
            return headers;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            try {
                while (records.hasNext()) {
                    var record = records.next();
                    // A record whose cell holds a line break is still one row, as a spreadsheet shows it.
                    line++;
                    var fields = record.getFields();
                    if (fields.stream().allMatch(String::isBlank)) {
                        continue;
                    }
                    if (fields.stream().anyMatch(f -> f.indexOf('\uFFFD') >= 0)) {
                        throw new ValidationException(
                                List.of(new FieldProblem("file", "import.file.mixed-encoding", line)));
                    }
                    next = new SourceRow(line, fields);
                    return true;
                }
            } catch (CsvParseException | UncheckedIOException e) {
                throw problem(e, line + 1);
            }
            return false;
        }

        @Override
        public SourceRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            var row = next;
            next = null;
            return row;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // Nothing was written.
            }
        }

        private static ValidationException problem(RuntimeException e, long line) {
            return new ValidationException(List.of(new FieldProblem("file", "import.file.malformed", line)));
        }
    }
}
