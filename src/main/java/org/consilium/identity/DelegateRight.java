package org.consilium.identity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a patient lets a delegate (their doctor, a caregiver) do on a case. Every delegate views the case (its details,
 * questions, records and timeline): there is nothing else to do with a case one cannot see. The stored names are
 * stable.
 */
public enum DelegateRight {
    /** Read the case, its questions, its records and its timeline. Every delegate has it. */
    VIEW("view", "See the case and its records"),
    /** Add records while the case gathers them. */
    UPLOAD_RECORDS("upload-records", "Add records"),
    /** Read the signed opinion. */
    READ_REPORT("read-report", "Read the opinion"),
    /** Write to the care team (once messages exist on cases). */
    MESSAGE("message", "Send messages"),
    /** Withdraw the case. */
    WITHDRAW("withdraw", "Withdraw the case");

    private final String stored;
    private final String label;

    DelegateRight(String stored, String label) {
        this.stored = stored;
        this.label = label;
    }

    public String stored() {
        return stored;
    }

    /** How the right reads on a form and in a list. */
    public String label() {
        return label;
    }

    public static Optional<DelegateRight> fromStored(String stored) {
        return Arrays.stream(values()).filter(r -> r.stored.equals(stored)).findFirst();
    }

    /** The stored form of a set of rights: their names, comma-separated, in a fixed order. */
    public static String store(Set<DelegateRight> rights) {
        return rights.isEmpty() ? "" : EnumSet.copyOf(rights).stream().map(DelegateRight::stored)
                .collect(Collectors.joining(","));
    }

    /** The rights of a stored form; a name this version does not know gives no right. */
    public static Set<DelegateRight> restore(String stored) {
        EnumSet<DelegateRight> rights = EnumSet.noneOf(DelegateRight.class);
        for (String name : stored.split(",")) {
            fromStored(name).ifPresent(rights::add);
        }
        return rights;
    }
}
