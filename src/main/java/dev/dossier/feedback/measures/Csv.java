package dev.dossier.feedback.measures;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** CSV as spreadsheets open it: UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting, formulas defused. */
final class Csv {

    private Csv() {}

    static byte[] write(List<List<Object>> lines) {
        var text = new StringBuilder("\uFEFF");
        for (var line : lines) {
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(cell(line.get(i)));
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An empty cell for a figure that cannot be worked out. */
    static Object blank(Object value) {
        return value == null ? "" : value;
    }

    private static String cell(Object value) {
        if (value instanceof Number) {
            return value.toString();
        }
        var text = value == null ? "" : value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text.matches("(?s).*[\",\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
