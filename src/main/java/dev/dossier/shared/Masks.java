package dev.dossier.shared;

/**
 * How sensitive values look to someone who may not see them in full: {@code 138****1234},
 * {@code z***@example.com}, {@code 110***********1234}.
 */
public final class Masks {

    private static final String STARS = "****";

    private Masks() {}

    /** A phone number: the first three and the last four digits stay. */
    public static String phone(String number) {
        if (number == null || number.isBlank()) {
            return number;
        }
        var digits = number.replaceAll("\\D", "");
        if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        if (digits.length() <= 6) {
            return digits.isEmpty() ? STARS : STARS + digits.substring(Math.max(0, digits.length() - 2));
        }
        return digits.substring(0, 3) + STARS + digits.substring(digits.length() - 4);
    }

    /** An email address: the first letter of the mailbox and the whole domain stay. */
    public static String email(String address) {
        if (address == null || address.isBlank()) {
            return address;
        }
        int at = address.indexOf('@');
        if (at <= 0) {
            return text(address);
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** An identity document or bank account number: the first three (or four) and last four characters stay. */
    public static String number(String value) {
        if (value == null || value.isBlank()) {
            return value;
        }
        var compact = value.replaceAll("\\s", "");
        if (compact.length() <= 8) {
            return STARS + compact.substring(Math.max(0, compact.length() - 2));
        }
        int head = compact.length() >= 16 ? 4 : 3;
        return compact.substring(0, head)
                + "*".repeat(compact.length() - head - 4)
                + compact.substring(compact.length() - 4);
    }

    /** Any other text: the first character stays. */
    public static String text(String value) {
        if (value == null || value.isBlank()) {
            return value;
        }
        return value.codePoints()
                        .limit(1)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                + "***";
    }
}
