package dev.dossier.shared;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Set;

/**
 * A telephone number normalised to E.164 (+8613812345678).
 *
 * @param e164 the number in E.164 form
 */
public record PhoneNumber(String e164) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private static final Set<Integer> CALLING_CODES = Set.copyOf(UTIL.getSupportedCallingCodes());

    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9][0-9]{6,14}");

    public PhoneNumber {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new InvalidValueException("phone.invalid", "Not an E.164 number: " + e164);
        }
    }

    /**
     * Parses what a person typed, in any common format; a number without a country code is read in
     * {@code defaultRegion}.
     */
    public static PhoneNumber parse(String text, String defaultRegion) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException("phone.required", "No phone number given");
        }
        if (text.length() > 40) {
            throw new InvalidValueException("phone.invalid", "Phone number too long");
        }
        try {
            var parsed = UTIL.parse(text.strip(), defaultRegion);
            if (!UTIL.isValidNumber(parsed)) {
                throw new InvalidValueException("phone.invalid", "Not a valid phone number: " + text);
            }
            return new PhoneNumber(UTIL.format(parsed, PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new InvalidValueException("phone.invalid", "Not a phone number: " + text);
        }
    }

    /** The digits only, without the leading plus. */
    public String digits() {
        return e164.substring(1);
    }

    /** The national significant number's digits (13812345678 for +8613812345678). */
    public String nationalDigits() {
        try {
            var parsed = parsed();
            return UTIL.getNationalSignificantNumber(parsed);
        } catch (NumberParseException e) {
            return digits();
        }
    }

    /** How a person in {@code region} would write it: national format at home, international abroad. */
    public String formatted(String region) {
        try {
            var parsed = parsed();
            var home = UTIL.getRegionCodeForNumber(parsed);
            return UTIL.format(
                    parsed,
                    region != null && region.equals(home)
                            ? PhoneNumberFormat.NATIONAL
                            : PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return e164;
        }
    }

    /** The number as written at home, with its trunk prefix (0571 8765 4321). */
    public String nationalFormatted() {
        try {
            return UTIL.format(parsed(), PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException e) {
            return e164;
        }
    }

    /**
     * The number in libphonenumber's form, read straight from the E.164 digits: the country code, then the national
     * number with Italian-style leading zeros kept. The same as {@code PhoneNumberUtil.parse(e164, "ZZ")} (a test
     * compares them for every region's example numbers) at a fraction of its cost, which matters because every
     * number shown is formatted from it.
     */
    Phonenumber.PhoneNumber parsed() throws NumberParseException {
        // Calling codes have one to three digits and none is the start of another.
        for (int length = 1; length <= 3; length++) {
            int code = Integer.parseInt(e164, 1, 1 + length, 10);
            if (CALLING_CODES.contains(code)) {
                var national = e164.substring(1 + length);
                return national.length() < 2 ? UTIL.parse(e164, "ZZ") : number(code, national);
            }
        }
        return UTIL.parse(e164, "ZZ");
    }

    private static Phonenumber.PhoneNumber number(int countryCode, String national) {
        var number =
                new Phonenumber.PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
        if (national.charAt(0) == '0') {
            number.setItalianLeadingZero(true);
            int zeros = 1;
            while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
                zeros++;
            }
            if (zeros != 1) {
                number.setNumberOfLeadingZeros(zeros);
            }
        }
        return number;
    }

    @Override
    public String toString() {
        return e164;
    }
}
