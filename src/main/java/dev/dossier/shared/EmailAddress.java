package dev.dossier.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, trimmed, with its domain in lower case.
 *
 * @param value the address
 */
public record EmailAddress(String value) {

    private static final Pattern SHAPE =
            Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    public EmailAddress {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("email.required", "No email address given");
        }
        value = value.strip();
        int at = value.lastIndexOf('@');
        if (value.length() > 254
                || at < 1
                || at > 64
                || !SHAPE.matcher(value).matches()
                || value.contains("..")
                || value.startsWith(".")
                || value.substring(0, at).endsWith(".")) {
            throw new InvalidValueException("email.invalid", "Not a valid email address: " + value);
        }
        value = value.substring(0, at) + value.substring(at).toLowerCase(Locale.ROOT);
    }

    public static EmailAddress of(String text) {
        return new EmailAddress(text);
    }

    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
