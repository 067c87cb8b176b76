package dev.dossier.customers;

import java.time.DateTimeException;
import java.time.LocalDate;

/** The 18-character PRC resident identity number (GB 11643): region, birth date, sequence and a check character. */
final class ResidentIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    private ResidentIdNumber() {}

    /** The check character (0-9 or X) of the first 17 digits. */
    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** Whether an upper-case number has 17 digits, a valid birth date no later than {@code today}, and its check character. */
    static boolean valid(String number, LocalDate today) {
        if (number == null || !number.matches("[1-9][0-9]{16}[0-9X]")) {
            return false;
        }
        try {
            var birth = LocalDate.of(
                    Integer.parseInt(number.substring(6, 10)),
                    Integer.parseInt(number.substring(10, 12)),
                    Integer.parseInt(number.substring(12, 14)));
            if (birth.isAfter(today) || birth.getYear() < 1900) {
                return false;
            }
        } catch (DateTimeException e) {
            return false;
        }
        return checkCharacter(number) == number.charAt(17);
    }
}
