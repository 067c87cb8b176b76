package dev.dossier.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dossier.shared.SpreadsheetText;
import dev.dossier.shared.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files as spreadsheets and other CRMs write them, read into rows: encodings told apart, separators, broken files. */
class ImportFilesTest {

    private static final Charset GBK = Charset.forName("GBK");

    private static List<ImportFiles.SourceRow> rows(byte[] bytes) {
        var charset =
                ImportFiles.encoding(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, ImportFiles.HEAD_BYTES)));
        try (var table = new ImportFiles.CsvTable(
                new ByteArrayInputStream(bytes), charset, ImportFiles.delimiter(bytes, charset))) {
            var rows = new ArrayList<ImportFiles.SourceRow>();
            table.forEachRemaining(rows::add);
            return rows;
        }
    }

    @Test
    void encodingsAreToldApartByTheirBytes() {
        assertThat(ImportFiles.encoding("姓名,手机\n张三,1".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(StandardCharsets.UTF_8);
        assertThat(ImportFiles.encoding("姓名,手机\n张三,1".getBytes(GBK)).name()).isEqualTo("GB18030");
        assertThat(ImportFiles.encoding(
                        "Name\n".getBytes(StandardCharsets.UTF_16LE.newEncoder().charset())))
                .isNotNull();
        var bom = new ByteArrayOutputStream();
        bom.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        bom.writeBytes("Name,Mobile\nA,1\n".getBytes(StandardCharsets.UTF_16LE));
        assertThat(ImportFiles.encoding(bom.toByteArray())).isEqualTo(StandardCharsets.UTF_16);
        assertThat(rows(bom.toByteArray()).getFirst().cells()).containsExactly("A", "1");
        // A UTF-8 character cut at the end of the head is no reason to doubt the encoding.
        var cut = "姓名".getBytes(StandardCharsets.UTF_8);
        assertThat(ImportFiles.encoding(java.util.Arrays.copyOf(cut, 4))).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void theSeparatorIsTheOneTheHeaderUsesAndQuotedCellsKeepTheirCommasAndLineBreaks() {
        var rows = rows("\uFEFFName;Remarks\n\"Li, Na\";\"two\nlines\"\nWang;\n".getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).cells()).containsExactly("Li, Na", "two\nlines");
        assertThat(rows.get(0).line()).isEqualTo(2);
        // The row number a spreadsheet shows: a cell's line break does not make two rows.
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows("a\tb\n1\t2\n".getBytes(StandardCharsets.UTF_8))
                        .getFirst()
                        .cells())
                .containsExactly("1", "2");
    }

    @Test
    void aQuoteLeftOpenOrAChangeOfEncodingIsRefusedWithTheRow() {
        assertThatThrownBy(() -> rows("Name,Mobile\nA,1\n\"B,2\nC,3\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.problems().getFirst().code()).isEqualTo("import.file.malformed");
                });
        var mixed = new ByteArrayOutputStream();
        mixed.writeBytes("Name,Mobile\n张三,1\n".getBytes(StandardCharsets.UTF_8));
        mixed.writeBytes("李四,2\n".getBytes(GBK));
        assertThat(ImportFiles.mixedAt(mixed.toByteArray())).isEqualTo(3);
        // Past the head, the strict decoder notices.
        var late = new ByteArrayOutputStream();
        late.writeBytes("Name,Mobile\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10_000; i++) {
            late.writeBytes(("张三" + i + ",1\n").getBytes(StandardCharsets.UTF_8));
        }
        late.writeBytes("李四,2\n".getBytes(GBK));
        assertThatThrownBy(() -> rows(late.toByteArray())).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.problems().getFirst().code()).isEqualTo("import.file.mixed-encoding");
            assertThat(e.problems().getFirst().args()[0]).isEqualTo(10_002L);
        });
        assertThat(ImportFiles.mixedAt("姓名,手机\n张三,1".getBytes(GBK))).isZero();
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreWrittenAsTextAndReadBack() {
        for (var cell : List.of("=1+1", "+86 138", "-5", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(SpreadsheetText.safe(cell)).startsWith("'");
            assertThat(SpreadsheetText.read(SpreadsheetText.safe(cell))).isEqualTo(cell);
        }
        assertThat(SpreadsheetText.safe("张三")).isEqualTo("张三");
        assertThat(SpreadsheetText.read("'quoted")).isEqualTo("'quoted");
    }

    @Test
    void headersAreMatchedInChineseAndEnglishWhateverTheirDecoration() {
        assertThat(ColumnMapping.suggest(
                        List.of("姓名*", "手机号码", "E-mail", "公司名称", "客户等级", "所在城市", "Zip Code", "备注（选填）", "??")))
                .containsExactly(
                        java.util.Map.entry(0, dev.dossier.customers.CustomerImport.Field.NAME.name()),
                        java.util.Map.entry(1, dev.dossier.customers.CustomerImport.Field.MOBILE.name()),
                        java.util.Map.entry(2, dev.dossier.customers.CustomerImport.Field.EMAIL.name()),
                        java.util.Map.entry(3, dev.dossier.customers.CustomerImport.Field.COMPANY.name()),
                        java.util.Map.entry(4, dev.dossier.customers.CustomerImport.Field.GRADE.name()),
                        java.util.Map.entry(5, dev.dossier.customers.CustomerImport.Field.CITY.name()),
                        java.util.Map.entry(6, dev.dossier.customers.CustomerImport.Field.POSTAL_CODE.name()),
                        java.util.Map.entry(7, dev.dossier.customers.CustomerImport.Field.REMARKS.name()));
        // A field goes to its first column only.
        assertThat(ColumnMapping.suggest(List.of("Mobile", "Cell"))).hasSize(1);
    }

    /** A real workbook of one sheet whose sheet XML is then replaced, as an attacker would craft it. */
    private static byte[] workbookWithSheet(byte[] sheetXml) throws Exception {
        var plain = new ByteArrayOutputStream();
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            workbook.createSheet("x").createRow(0).createCell(0).setCellValue("Name");
            workbook.write(plain);
        }
        var out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(plain.toByteArray()));
                var zip = new java.util.zip.ZipOutputStream(out)) {
            java.util.zip.ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                zip.write(entry.getName().equals("xl/worksheets/sheet1.xml") ? sheetXml : in.readAllBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static List<ImportFiles.SourceRow> sheetRows(byte[] xlsx) {
        try (var table = Workbooks.firstSheet(new ByteArrayInputStream(xlsx))) {
            var rows = new ArrayList<ImportFiles.SourceRow>();
            table.forEachRemaining(rows::add);
            return rows;
        }
    }

    @Test
    void aWorkbookThatInflatesToGigabytesOrExpandsEntitiesIsRefusedWithoutFillingTheMemory() throws Exception {
        // 100 MB of the same cell, a few hundred kilobytes zipped.
        var bomb = new ByteArrayOutputStream();
        var row =
                "<row><c t=\"inlineStr\"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>"
                        .getBytes(StandardCharsets.UTF_8);
        bomb.writeBytes("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100_000_000 / row.length; i++) {
            bomb.writeBytes(row);
        }
        bomb.writeBytes("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
        var zipped = workbookWithSheet(bomb.toByteArray());
        bomb = null;
        assertThat(zipped.length).isLessThan(3_000_000);
        assertThatThrownBy(() -> sheetRows(zipped))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problems().getFirst().code())
                                .isIn("import.file.unreadable-workbook", "import.file.malformed"));

        var laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
                <row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>
                """;
        assertThatThrownBy(() -> sheetRows(workbookWithSheet(laughs.strip().getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void vCardsOfBothVersionsAreReadACardAtATimeWithChineseNamesAndUnknownPropertiesLeftOut() {
        var cards = String.join(
                "\r\n",
                "BEGIN:VCARD",
                "VERSION:3.0",
                "N:王;小明;;;",
                "ORG:华信贸易有限公司;采购部",
                "TITLE:经理",
                "TEL;TYPE=CELL:+86 138 1234 5678",
                "TEL;TYPE=WORK:021-6234 5678",
                "EMAIL;TYPE=INTERNET:wang@example.cn",
                "ADR;TYPE=WORK:;;南京路 100 号;上海;上海;200001;中国",
                "X-WECHAT:wang123",
                "END:VCARD",
                "BEGIN:VCARD",
                "VERSION:4.0",
                "FN:Anna Smith",
                "UID:urn:uuid:1b2c3d",
                "BDAY:19850305",
                "TEL;VALUE=uri;TYPE=cell:tel:+44-20-7946-0958",
                "CATEGORIES:VIP,展会",
                "NOTE:met at the fair",
                "END:VCARD",
                "");
        var bytes = cards.getBytes(StandardCharsets.UTF_8);
        assertThat(VCards.looksLikeOne(bytes)).isTrue();
        assertThat(ColumnMapping.suggest(VCards.HEADERS)).hasSize(VCards.HEADERS.size());
        var rows = new ArrayList<ImportFiles.SourceRow>();
        try (var table = new VCards(new ByteArrayInputStream(bytes))) {
            table.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(0).cells())
                .containsExactly(
                        "",
                        "王小明",
                        "华信贸易有限公司",
                        "采购部",
                        "经理",
                        "+86 138 1234 5678",
                        "021-6234 5678",
                        "wang@example.cn",
                        "",
                        "上海",
                        "上海",
                        "南京路 100 号",
                        "200001",
                        "",
                        "");
        assertThat(rows.get(1).cells())
                .containsExactly(
                        "urn:uuid:1b2c3d",
                        "Anna Smith",
                        "",
                        "",
                        "",
                        "+44-20-7946-0958",
                        "",
                        "",
                        "1985-03-05",
                        "",
                        "",
                        "",
                        "",
                        "VIP; 展会",
                        "met at the fair");
    }
}
