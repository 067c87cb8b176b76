package dev.dossier.exchange;

import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.xml.sax.SAXException;

/**
 * The first sheet of an XLSX workbook read as a stream of rows: the sheet's XML is pulled a row at a time, so a
 * workbook of a million rows needs no more memory than its shared strings. The package is read from a temporary
 * file (deleted on close) with POI's limits on zip entries (a zip bomb is refused); the XML parser reads no DTD and
 * no external entity. Dates come as ISO dates ({@code 2024-03-05}), whole numbers without a decimal point, and
 * formulas as their last computed value.
 */
final class Workbooks {

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private Workbooks() {}

    static ImportFiles.Table firstSheet(InputStream in) {
        Path file = null;
        try {
            file = Files.createTempFile("dossier-import-", ".xlsx");
            try (in) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            var pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
            try {
                var reader = new XSSFReader(pkg);
                var strings = new ReadOnlySharedStringsTable(pkg, false);
                var styles = reader.getStylesTable();
                var sheets = reader.getSheetsData();
                if (!sheets.hasNext()) {
                    throw unreadable();
                }
                return new Sheet(file, pkg, strings, styles, XML.createXMLStreamReader(sheets.next()));
            } catch (RuntimeException | IOException | OpenXML4JException | SAXException | XMLStreamException e) {
                pkg.revert();
                throw e;
            }
        } catch (ValidationException e) {
            delete(file);
            throw e;
        } catch (IOException | OpenXML4JException | SAXException | XMLStreamException | RuntimeException e) {
            delete(file);
            throw unreadable();
        }
    }

    private static ValidationException unreadable() {
        return new ValidationException(List.of(new FieldProblem("file", "import.file.unreadable-workbook")));
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /** Column index of a cell reference ({@code C5} is 2), or -1. */
    static int column(String reference) {
        if (reference == null) {
            return -1;
        }
        int index = 0;
        int i = 0;
        while (i < reference.length() && Character.isLetter(reference.charAt(i))) {
            index = index * 26 + (Character.toUpperCase(reference.charAt(i)) - 'A' + 1);
            i++;
        }
        return i == 0 ? -1 : index - 1;
    }

    private static final class Sheet implements ImportFiles.Table {

        private final Path file;
        private final OPCPackage pkg;
        private final ReadOnlySharedStringsTable strings;
        private final StylesTable styles;
        private final XMLStreamReader xml;
        private final List<String> headers;
        private ImportFiles.SourceRow next;
        private boolean headerRead;

        Sheet(Path file, OPCPackage pkg, ReadOnlySharedStringsTable strings, StylesTable styles, XMLStreamReader xml) {
            this.file = file;
            this.pkg = pkg;
            this.strings = strings;
            this.styles = styles;
            this.xml = xml;
            var first = readRow();
            headerRead = true;
            this.headers = first == null
                    ? List.of()
                    : first.cells().stream().map(String::strip).toList();
        }

        @Override
        public List<String> headers() {
            return headers;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                var row = readRow();
                if (row == null) {
                    return false;
                }
                if (row.cells().stream().anyMatch(c -> !c.isBlank())) {
                    next = row;
                }
            }
            return true;
        }

        @Override
        public ImportFiles.SourceRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            var row = next;
            next = null;
            return row;
        }

        /** The next {@code row} element of the sheet, or null at its end. */
        private ImportFiles.SourceRow readRow() {
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT
                            && xml.getLocalName().equals("row")) {
                        var r = xml.getAttributeValue(null, "r");
                        long line = r == null ? -1 : Long.parseLong(r);
                        return new ImportFiles.SourceRow(line, cells());
                    }
                }
                return null;
            } catch (XMLStreamException | RuntimeException e) {
                throw new ValidationException(List.of(new FieldProblem(
                        "file", headerRead ? "import.file.malformed" : "import.file.unreadable-workbook", 0)));
            }
        }

        private List<String> cells() throws XMLStreamException {
            var cells = new ArrayList<String>();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT
                        && xml.getLocalName().equals("row")) {
                    return cells;
                }
                if (event == XMLStreamConstants.START_ELEMENT
                        && xml.getLocalName().equals("c")) {
                    int column = column(xml.getAttributeValue(null, "r"));
                    var type = xml.getAttributeValue(null, "t");
                    var style = xml.getAttributeValue(null, "s");
                    var value = cell(type, style);
                    int at = column < 0 ? cells.size() : column;
                    if (at > 16_384) {
                        throw new XMLStreamException("Column out of range");
                    }
                    while (cells.size() < at) {
                        cells.add("");
                    }
                    if (cells.size() == at) {
                        cells.add(value);
                    } else {
                        cells.set(at, value);
                    }
                }
            }
            return cells;
        }

        /** A cell's value as text; the reader stands on the cell's start and ends on its end. */
        private String cell(String type, String style) throws XMLStreamException {
            String raw = null;
            var inline = new StringBuilder();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT
                        && xml.getLocalName().equals("c")) {
                    break;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "v" -> raw = xml.getElementText();
                        case "t" -> inline.append(xml.getElementText());
                        default -> {}
                    }
                }
            }
            if ("inlineStr".equals(type)) {
                return inline.toString();
            }
            if (raw == null) {
                return "";
            }
            if ("s".equals(type)) {
                return strings.getItemAt(Integer.parseInt(raw.strip())).getString();
            }
            if ("b".equals(type)) {
                return "1".equals(raw) ? "TRUE" : "FALSE";
            }
            if ("str".equals(type) || "e".equals(type)) {
                return raw;
            }
            return number(raw, style);
        }

        private String number(String raw, String style) {
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                return raw;
            }
            if (style != null && !style.isBlank()) {
                var format = styles.getStyleAt(Integer.parseInt(style.strip()));
                if (format != null
                        && DateUtil.isADateFormat(format.getDataFormat(), format.getDataFormatString())
                        && DateUtil.isValidExcelDate(value)) {
                    var date = DateUtil.getLocalDateTime(value);
                    return date.toLocalTime().toSecondOfDay() == 0
                            ? date.toLocalDate().toString()
                            : date.toString().replace('T', ' ');
                }
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString((long) value);
            }
            return java.math.BigDecimal.valueOf(value).toPlainString();
        }

        @Override
        public void close() {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // Closing a reader writes nothing.
            }
            pkg.revert();
            delete(file);
        }
    }
}
