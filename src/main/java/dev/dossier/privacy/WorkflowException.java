package dev.dossier.privacy;

/**
 * A step that the state of a record does not allow (a request completed twice, an export of a request whose
 * identity is not verified). Nothing was changed. The API answers 409 with {@link #kind()}.
 */
class WorkflowException extends RuntimeException {

    private final String kind;
    private final String code;
    private final transient Object[] args;

    WorkflowException(String kind, String code, Object... args) {
        super(kind + ": " + code);
        this.kind = kind;
        this.code = code;
        this.args = args;
    }

    String kind() {
        return kind;
    }

    /** Message key of the explanation. */
    String code() {
        return code;
    }

    Object[] args() {
        return args;
    }
}
