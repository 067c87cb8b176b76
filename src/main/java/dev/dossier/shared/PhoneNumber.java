package dev.dossier.shared;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

/**
 * A telephone number normalised to E.164 (+8613812345678).
 *
 * @param e164 the number in E.164 form
 */
public record PhoneNumber(String e164) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    public PhoneNumber {
        if (e164 == null || !e164.matches("\\+[1-9][0-9]{6,14}")) {
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
            var parsed = UTIL.parse(e164, "ZZ");
            return UTIL.getNationalSignificantNumber(parsed);
        } catch (NumberParseException e) {
            return digits();
        }
    }

    /** How a person in {@code region} would write it: national format at home, international abroad. */
    public String formatted(String region) {
        try {
            var parsed = UTIL.parse(e164, "ZZ");
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
            return UTIL.format(UTIL.parse(e164, "ZZ"), PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException e) {
            return e164;
        }
    }

    @Override
    public String toString() {
        return e164;
    }
}
