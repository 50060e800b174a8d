package io.barcast.bar;

/**
 * A bar that breaks a rule. Carries a machine-readable {@link RejectReason}, the field concerned
 * and the value that was rejected, so that a dead-letter record or an error message can name them.
 */
public final class InvalidBarException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;
    private final String field;
    private final String value;

    public InvalidBarException(RejectReason reason, String field, String value, String detail) {
        super(detail);
        this.reason = reason;
        this.field = field;
        this.value = value;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The offending field, or null when the problem is not tied to one field. */
    public String field() {
        return field;
    }

    /** The rejected value as text (possibly abbreviated), or null. */
    public String value() {
        return value;
    }
}
