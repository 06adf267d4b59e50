package org.consilium.records.internal.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.consilium.records.RecordCategory;
import org.jspecify.annotations.Nullable;

/**
 * What an imported document (a FHIR R4 bundle or a C-CDA document) holds that Consilium keeps as structured data:
 * conditions, medications, allergies and procedures as {@link Item}s, lab results and vital signs as {@link Lab}s,
 * documents carried inside it as {@link Attachment}s, and how many parts of it were left out, by what they are.
 */
public record ParsedImport(Format format, List<Item> items, List<Lab> labs, List<Attachment> attachments,
        Map<String, Integer> skipped) {

    public ParsedImport {
        items = List.copyOf(items);
        labs = List.copyOf(labs);
        attachments = List.copyOf(attachments);
        skipped = java.util.Collections.unmodifiableMap(new TreeMap<>(skipped));
    }

    /** The kinds of document imported, by their stored names. */
    public enum Format {
        FHIR_R4_BUNDLE,
        CCDA
    }

    /** The lists of the clinical summary besides the labs, by their stored names. */
    public enum Kind {
        CONDITION,
        MEDICATION,
        ALLERGY,
        PROCEDURE
    }

    /**
     * One condition, medication, allergy or procedure. {@code date} is as precise as the source gave it (a year, a
     * day or a time, ISO 8601): the onset of a condition, the start of a medication, when a procedure was done, when
     * an allergy was noted. {@code detail} is the dosage of a medication, or the reactions and criticality of an
     * allergy.
     */
    public record Item(Kind kind, @Nullable String code, @Nullable String system, String display,
            @Nullable String status, @Nullable String date, @Nullable String detail) {
    }

    /**
     * One result of a test: a number with its unit, or a text when the result is not a number; the reference range
     * the source gave with it; when it was taken (the start of the period for a partial date); and the source's own
     * interpretation code (H, L, N, …), if any.
     */
    public record Lab(@Nullable String code, @Nullable String system, String display, @Nullable String unit,
            @Nullable BigDecimal number, @Nullable String text, @Nullable BigDecimal low, @Nullable BigDecimal high,
            @Nullable String rangeText, @Nullable Instant at, @Nullable String interpretation) {
    }

    /**
     * A document carried inside the import (a FHIR DocumentReference's attachment), to be screened and kept as a
     * record of its own.
     */
    public record Attachment(String title, byte[] content, RecordCategory category, @Nullable LocalDate dateOfService,
            String reference) {
    }

    /** How many clinical items, lab results and attachments the import holds. */
    public int size() {
        return items.size() + labs.size() + attachments.size();
    }
}
