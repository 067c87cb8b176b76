package dev.dossier.products;

import static dev.dossier.db.Tables.PRODUCT;
import static dev.dossier.db.Tables.PRODUCT_VERSION;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Importing units sold from a CSV file {@code product_code,version,month,units} (UTF-8, with or without a byte order
 * mark, an optional header line, month as {@code YYYY-MM}, an empty version for the product as a whole). Every line
 * is checked first; when any line is wrong, each wrong line is reported and nothing is written. Importing the same
 * file again changes nothing.
 */
@Service
class UnitsImport {

    /** Lines at most in one file. */
    static final int MAX_LINES = 100_000;

    /**
     * What an import did.
     *
     * @param lines lines with figures read
     * @param created figures that were new
     * @param updated figures whose units changed
     * @param unchanged figures that already had these units
     */
    record Result(int lines, int created, int updated, int unchanged) {}

    private record Line(int number, UUID productId, UUID versionId, YearMonth month, int units) {}

    private static final YearMonth EARLIEST = YearMonth.of(1990, 1);

    private final DSLContext db;
    private final Access access;
    private final UnitsLedger ledger;

    UnitsImport(DSLContext db, Access access, UnitsLedger ledger) {
        this.db = db;
        this.access = access;
        this.ledger = ledger;
    }

    /**
     * Imports a file.
     *
     * @throws ValidationException with one problem per wrong line (field {@code line <n>}), nothing written
     */
    @Transactional
    Result run(byte[] file) {
        access.require(Area.PRODUCTS, Operation.EDIT);
        var lines = read(file);
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (var line : lines) {
            switch (ledger.write(line.productId(), line.versionId(), line.month(), line.units(), UnitsSource.IMPORT)) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                default -> unchanged++;
            }
        }
        return new Result(lines.size(), created, updated, unchanged);
    }

    private List<Line> read(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ValidationException(List.of(new FieldProblem("file", "products.import.not-utf8")));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        var records = records(text);
        var problems = new ArrayList<FieldProblem>();
        var codes = new HashMap<String, UUID>();
        db.select(PRODUCT.CODE, PRODUCT.ID).from(PRODUCT).forEach(r -> codes.put(r.value1(), r.value2()));
        var labels = new HashMap<String, UUID>();
        db.select(PRODUCT_VERSION.PRODUCT_ID, PRODUCT_VERSION.LABEL, PRODUCT_VERSION.ID)
                .from(PRODUCT_VERSION)
                .forEach(r -> labels.put(r.value1() + ":" + r.value2(), r.value3()));
        var seen = new HashMap<String, Integer>();
        var lines = new ArrayList<Line>();
        boolean first = true;
        for (var record : records) {
            int number = (int) record.getStartingLineNumber();
            var fields = record.getFields();
            if (first) {
                first = false;
                if (fields.getFirst().strip().equalsIgnoreCase("product_code")) {
                    continue;
                }
            }
            var field = "line " + number;
            if (fields.size() != 4) {
                problems.add(new FieldProblem(field, "products.import.columns", number));
                continue;
            }
            var code = fields.get(0).strip().toUpperCase(Locale.ROOT);
            var label = fields.get(1).strip();
            var productId = codes.get(code);
            UUID versionId = null;
            if (productId == null) {
                problems.add(new FieldProblem(field, "products.import.unknown-product", number, code));
            } else if (!label.isEmpty()) {
                versionId = labels.get(productId + ":" + label);
                if (versionId == null) {
                    problems.add(new FieldProblem(field, "products.import.unknown-version", number, label, code));
                }
            }
            YearMonth month = null;
            try {
                month = YearMonth.parse(fields.get(2).strip());
                if (month.isBefore(EARLIEST) || month.getYear() > 2999) {
                    problems.add(new FieldProblem(
                            field,
                            "products.import.month",
                            number,
                            fields.get(2).strip()));
                    month = null;
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(
                        field, "products.import.month", number, fields.get(2).strip()));
            }
            var units = UnitsLedger.units(fields.get(3));
            if (units == null) {
                problems.add(new FieldProblem(
                        field, "products.import.units", number, fields.get(3).strip()));
            }
            if (productId != null && month != null && (label.isEmpty() || versionId != null)) {
                var earlier = seen.putIfAbsent(UnitsLedger.Figure.key(productId, versionId, month), number);
                if (earlier != null) {
                    problems.add(new FieldProblem(field, "products.import.twice", number, earlier));
                } else if (units != null) {
                    lines.add(new Line(number, productId, versionId, month, units));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        if (lines.isEmpty()) {
            throw new ValidationException(List.of(new FieldProblem("file", "products.import.empty")));
        }
        return lines;
    }

    /**
     * The records of the file (RFC 4180: a quoted field may hold commas, quotes written twice and line breaks), empty
     * lines left out; a quote left open is a malformed file.
     */
    private static List<CsvRecord> records(String text) {
        var records = new ArrayList<CsvRecord>();
        var reader = CsvReader.builder()
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowUnclosedQuote(false)
                .ofCsvRecord(text);
        try {
            for (var record : reader) {
                if (records.size() > MAX_LINES) {
                    throw new ValidationException(
                            List.of(new FieldProblem("file", "products.import.too-many", MAX_LINES)));
                }
                records.add(record);
            }
        } catch (CsvParseException e) {
            long after = records.isEmpty() ? 0 : records.getLast().getStartingLineNumber();
            throw new ValidationException(List.of(new FieldProblem("file", "products.import.malformed", after + 1)));
        }
        return records;
    }
}
