package org.consilium.records;

/**
 * Whether a record's content was checked for malware, and what the check found. Stored by name.
 *
 * <p>Without a scanner configured a record is {@link #UNSCANNED}, never {@link #CLEAN}: nobody vouched for it. With
 * one, a new record is {@link #PENDING} until the scanner answers; an {@link #INFECTED} record is quarantined, its
 * content served to nobody.
 */
public enum ScanState {
    /** No scanner was configured when the record was added (or none is now): nobody checked it. */
    UNSCANNED("not checked for malware"),
    /** Waiting for the scanner's answer. Its content is not served until then. */
    PENDING("being checked for malware"),
    /** The scanner found nothing. */
    CLEAN("checked: no malware found"),
    /** The scanner found malware: the content is held back from everyone, for good. */
    INFECTED("malware found: held back"),
    /**
     * The scanner would not take it whole (larger than its stream limit): served like an unscanned record, since
     * nobody vouched for it either way.
     */
    UNSCANNABLE("too large for the malware check: not checked");

    private final String label;

    ScanState(String label) {
        this.label = label;
    }

    /** In words, for people. */
    public String label() {
        return label;
    }
}
