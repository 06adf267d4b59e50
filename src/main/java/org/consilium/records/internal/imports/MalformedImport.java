package org.consilium.records.internal.imports;

/**
 * A document that claims to be a FHIR bundle or a C-CDA document and cannot be read as one: where (line and column,
 * when known, 0 when not) and why, in the parser's words.
 */
public final class MalformedImport extends RuntimeException {

    private final int line;
    private final int column;
    private final String reason;

    public MalformedImport(int line, int column, String reason) {
        super(reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }

    /** "line 12, column 5: reason", or the reason alone when the parser did not say where. */
    public String where() {
        if (line <= 0) {
            return reason;
        }
        return "line " + line + (column > 0 ? ", column " + column : "") + ": " + reason;
    }
}
