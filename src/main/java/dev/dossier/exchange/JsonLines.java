package dev.dossier.exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * The row format of a table file: one JSON array a line, one element a column, in the manifest's column order.
 * Strings, UUIDs, timestamps (ISO 8601, UTC) and binary (base64) are JSON strings; numbers and booleans are JSON
 * literals, kept as written so that decimals stay exact. Written and read here by hand, without objects per value,
 * because a backup streams millions of rows.
 */
final class JsonLines {

    private JsonLines() {}

    /** Appends {@code value} as a JSON string. */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 15, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A parsed value: the text of a string (unescaped), or of a literal ({@code 12}, {@code true}); null for null. */
    record Value(String text, boolean string) {}

    /**
     * Parses one line into its values.
     *
     * @throws IllegalArgumentException if the line is not a JSON array of strings, numbers, booleans and nulls
     */
    static List<Value> parse(String line) {
        var values = new ArrayList<Value>();
        int i = skip(line, 0);
        expect(line, i, '[');
        i = skip(line, i + 1);
        if (i < line.length() && line.charAt(i) == ']') {
            return end(line, i, values);
        }
        while (true) {
            if (i >= line.length()) {
                throw new IllegalArgumentException("the row ends early");
            }
            char c = line.charAt(i);
            if (c == '"') {
                int close = line.indexOf('"', i + 1);
                int escape = line.indexOf('\\', i + 1);
                if (close > 0 && (escape < 0 || escape > close) && plain(line, i + 1, close)) {
                    values.add(new Value(line.substring(i + 1, close), true));
                    i = skip(line, close + 1);
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("the row ends early");
                    }
                    if (line.charAt(i) == ']') {
                        return end(line, i, values);
                    }
                    expect(line, i, ',');
                    i = skip(line, i + 1);
                    continue;
                }
                var text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("a string is not closed");
                    }
                    char s = line.charAt(i++);
                    if (s == '"') {
                        break;
                    }
                    if (s == '\\') {
                        if (i >= line.length()) {
                            throw new IllegalArgumentException("a string is not closed");
                        }
                        char e = line.charAt(i++);
                        switch (e) {
                            case '"', '\\', '/' -> text.append(e);
                            case 'n' -> text.append('\n');
                            case 'r' -> text.append('\r');
                            case 't' -> text.append('\t');
                            case 'b' -> text.append('\b');
                            case 'f' -> text.append('\f');
                            case 'u' -> {
                                if (i + 4 > line.length()) {
                                    throw new IllegalArgumentException("a \\u escape is cut off");
                                }
                                text.append((char) Integer.parseInt(line.substring(i, i + 4), 16));
                                i += 4;
                            }
                            default -> throw new IllegalArgumentException("unknown escape \\" + e);
                        }
                    } else if (s < 0x20) {
                        throw new IllegalArgumentException("a control character inside a string");
                    } else {
                        text.append(s);
                    }
                }
                values.add(new Value(text.toString(), true));
            } else {
                int start = i;
                while (i < line.length() && line.charAt(i) != ',' && line.charAt(i) != ']' && line.charAt(i) != ' ') {
                    i++;
                }
                var literal = line.substring(start, i);
                if (literal.equals("null")) {
                    values.add(null);
                } else if (literal.equals("true") || literal.equals("false") || isNumber(literal)) {
                    values.add(new Value(literal, false));
                } else {
                    throw new IllegalArgumentException("not a JSON value: " + abbreviate(literal));
                }
            }
            i = skip(line, i);
            if (i >= line.length()) {
                throw new IllegalArgumentException("the row ends early");
            }
            if (line.charAt(i) == ']') {
                return end(line, i, values);
            }
            expect(line, i, ',');
            i = skip(line, i + 1);
        }
    }

    private static List<Value> end(String line, int i, List<Value> values) {
        if (skip(line, i + 1) != line.length()) {
            throw new IllegalArgumentException("text after the row");
        }
        return values;
    }

    /** Whether a string's characters need no unescaping (no control characters). */
    private static boolean plain(String line, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String literal) {
        if (literal.isEmpty()) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    private static int skip(String line, int i) {
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static void expect(String line, int i, char c) {
        if (i >= line.length() || line.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at position " + (i + 1));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
