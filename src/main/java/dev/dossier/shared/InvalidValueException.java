package dev.dossier.shared;

/** A value that does not satisfy its type's rules; {@link #code()} is a message key a user can be shown. */
public class InvalidValueException extends IllegalArgumentException {

    private final String code;

    public InvalidValueException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
