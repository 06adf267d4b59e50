package org.consilium.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A case's clinical data as its imported records (FHIR R4 bundles, C-CDA documents) gave it: conditions,
 * medications, allergies, procedures, and lab results grouped by test, each naming the record it came from. Records
 * that are voided take their data with them. Lists are never null; an item's fields are null where its source said
 * nothing.
 */
public record ClinicalSummary(List<Entry> conditions, List<Entry> medications, List<Entry> allergies,
        List<Entry> procedures, List<LabTest> labs, List<Import> imports) {

    public ClinicalSummary {
        conditions = List.copyOf(conditions);
        medications = List.copyOf(medications);
        allergies = List.copyOf(allergies);
        procedures = List.copyOf(procedures);
        labs = List.copyOf(labs);
        imports = List.copyOf(imports);
    }

    /** Whether no record of the case was imported (or every imported one is voided). */
    public boolean isEmpty() {
        return imports.isEmpty();
    }

    /**
     * A condition, medication, allergy or procedure. {@code date} is ISO 8601 at the source's precision (a year, a
     * day or a time): a condition's onset, a medication's start, when a procedure was done, when an allergy was
     * noted. {@code detail}: a medication's dosage; an allergy's reactions and criticality.
     */
    public record Entry(@Nullable String code, @Nullable String system, String display, @Nullable String status,
            @Nullable String date, @Nullable String detail, RecordId recordId) {
    }

    /** The results of one test (one code in one unit), oldest first, with the reference range of the latest. */
    public record LabTest(@Nullable String code, @Nullable String system, String display, @Nullable String unit,
            @Nullable ReferenceRange referenceRange, List<LabValue> values) {

        public LabTest {
            values = List.copyOf(values);
        }

        /** The most recent result: the last, as results are oldest first. */
        public LabValue latest() {
            return values.getLast();
        }

        /** The results that are numbers and have a time: what a trend chart can draw. */
        public List<LabValue> plotted() {
            return values.stream().filter(v -> v.number() != null && v.at() != null).toList();
        }
    }

    /** The normal range of a result as its source gave it: bounds, a text such as "&lt;200 mg/dL", or both. */
    public record ReferenceRange(@Nullable BigDecimal low, @Nullable BigDecimal high, @Nullable String text) {

        /** The range in words: its text, else its bounds ("3.5–5.0", "≥ 40", "≤ 200"). */
        public String shown() {
            if (text != null) {
                return text;
            }
            if (low != null && high != null) {
                return low.toPlainString() + "–" + high.toPlainString();
            }
            return low != null ? "≥ " + low.toPlainString() : high != null ? "≤ " + high.toPlainString() : "";
        }

        /** A range only if the source gave anything of one. */
        public static @Nullable ReferenceRange of(@Nullable BigDecimal low, @Nullable BigDecimal high,
                @Nullable String text) {
            return low == null && high == null && text == null ? null : new ReferenceRange(low, high, text);
        }
    }

    /**
     * One result: a number, or a text when it is not one; when the sample was taken; its own reference range; and
     * whether it lies outside that range ({@link Flag}).
     */
    public record LabValue(@Nullable Instant at, @Nullable BigDecimal number, @Nullable String text,
            @Nullable ReferenceRange range, @Nullable Flag flag, RecordId recordId) {

        /** The value as shown: the number as written, or the text. */
        public String shown() {
            return number != null ? number.toPlainString() : text == null ? "" : text;
        }
    }

    /** A result outside its reference range, by the range's bounds or, without bounds, by its source's own flag. */
    public enum Flag {
        LOW("low"),
        HIGH("high"),
        ABNORMAL("abnormal");

        private static final Set<String> HIGH_CODES = Set.of("H", "HH", "HU", ">");
        private static final Set<String> LOW_CODES = Set.of("L", "LL", "LU", "<");
        private static final Set<String> ABNORMAL_CODES = Set.of("A", "AA", "POS", "DET", "R");

        private final String label;

        Flag(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /**
         * A number is judged against its range's bounds; the source's interpretation code (HL7 ObservationInterpretation:
         * H, L, A, …) decides when there are no bounds or no number.
         */
        public static @Nullable Flag of(@Nullable BigDecimal number, @Nullable BigDecimal low,
                @Nullable BigDecimal high, @Nullable String interpretation) {
            if (number != null && (low != null || high != null)) {
                if (low != null && number.compareTo(low) < 0) {
                    return LOW;
                }
                return high != null && number.compareTo(high) > 0 ? HIGH : null;
            }
            if (interpretation == null) {
                return null;
            }
            String code = interpretation.toUpperCase(java.util.Locale.ROOT);
            return HIGH_CODES.contains(code) ? HIGH : LOW_CODES.contains(code) ? LOW
                    : ABNORMAL_CODES.contains(code) ? ABNORMAL : null;
        }
    }

    /**
     * One imported record: its file name, its format ({@code FHIR_R4_BUNDLE}, {@code CCDA}), when it was imported,
     * and what of it was not imported, counted by what it is (resource type, section title, or the reason it was left
     * out).
     */
    public record Import(RecordId recordId, String filename, String format, Instant importedAt,
            Map<String, Integer> skipped) {

        public Import {
            skipped = Map.copyOf(skipped);
        }

        /** How many parts of the document were left out. */
        public int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
