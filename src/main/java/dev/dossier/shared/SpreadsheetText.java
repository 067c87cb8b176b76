package dev.dossier.shared;

/**
 * Cells written for spreadsheets, and read back from them. A cell that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return would be run as a formula when the file is opened (CSV injection), so it is
 * written with a leading apostrophe, which spreadsheets take as "this is text"; reading strips that apostrophe again,
 * so that a file written here imports as it was.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {}

    /** The cell as written: with a leading apostrophe when a spreadsheet would run it. */
    public static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return risky(cell.charAt(0)) ? "'" + cell : cell;
    }

    /** The cell as read back: without the apostrophe {@link #safe} put before it. */
    public static String read(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && risky(cell.charAt(1))) {
            return cell.substring(1);
        }
        return cell;
    }

    private static boolean risky(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
