package org.consilium.records.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.records.ClinicalSummaries;
import org.consilium.records.ClinicalSummary;
import org.consilium.shared.ApiErrors;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A case's clinical summary over HTTP: the structured data of its imported records. */
@RestController
class ClinicalSummaryApiController {

    private final ClinicalSummaries summaries;

    ClinicalSummaryApiController(ClinicalSummaries summaries) {
        this.summaries = summaries;
    }

    /** A condition, medication, allergy or procedure, and the record it came from. */
    record ItemResponse(@Nullable String code, @Nullable String system, String display, @Nullable String status,
            @Schema(description = "ISO 8601 at the source's precision: a condition's onset, a medication's start, "
                    + "when a procedure was done, when an allergy was noted") @Nullable String date,
            @Schema(description = "a medication's dosage; an allergy's reactions and criticality") @Nullable String detail,
            String recordId) {

        static ItemResponse of(ClinicalSummary.Entry e) {
            return new ItemResponse(e.code(), e.system(), e.display(), e.status(), e.date(), e.detail(),
                    e.recordId().toString());
        }
    }

    record RangeResponse(@Nullable BigDecimal low, @Nullable BigDecimal high, @Nullable String text) {

        static @Nullable RangeResponse of(ClinicalSummary.@Nullable ReferenceRange range) {
            return range == null ? null : new RangeResponse(range.low(), range.high(), range.text());
        }
    }

    /** One result of a test. */
    record ValueResponse(@Nullable Instant at,
            @Schema(description = "a number when the result is one, else its text", oneOf = {BigDecimal.class,
                    String.class}) Object value,
            @Schema(description = "LOW or HIGH when outside the result's reference range, ABNORMAL when the source "
                    + "flagged it so") @Nullable String flag,
            @Nullable RangeResponse referenceRange, String recordId) {

        static ValueResponse of(ClinicalSummary.LabValue v) {
            return new ValueResponse(v.at(), v.number() != null ? v.number() : v.shown(),
                    v.flag() == null ? null : v.flag().name(), RangeResponse.of(v.range()), v.recordId().toString());
        }
    }

    /** One test (one code in one unit) with its results, oldest first. */
    record LabResponse(@Nullable String code, @Nullable String system, String display, @Nullable String unit,
            @Nullable RangeResponse referenceRange, List<ValueResponse> values) {

        static LabResponse of(ClinicalSummary.LabTest t) {
            return new LabResponse(t.code(), t.system(), t.display(), t.unit(), RangeResponse.of(t.referenceRange()),
                    t.values().stream().map(ValueResponse::of).toList());
        }
    }

    record ImportResponse(String recordId, String filename, String format, Instant importedAt,
            Map<String, Integer> skipped) {

        static ImportResponse of(ClinicalSummary.Import i) {
            return new ImportResponse(i.recordId().toString(), i.filename(), i.format(), i.importedAt(),
                    i.skipped());
        }
    }

    record SummaryResponse(List<ItemResponse> conditions, List<ItemResponse> medications,
            List<ItemResponse> allergies, List<ItemResponse> procedures, List<LabResponse> labs,
            List<ImportResponse> imports) {

        static SummaryResponse of(ClinicalSummary s) {
            return new SummaryResponse(items(s.conditions()), items(s.medications()), items(s.allergies()),
                    items(s.procedures()), s.labs().stream().map(LabResponse::of).toList(),
                    s.imports().stream().map(ImportResponse::of).toList());
        }

        private static List<ItemResponse> items(List<ClinicalSummary.Entry> entries) {
            return entries.stream().map(ItemResponse::of).toList();
        }
    }

    @Operation(summary = "Read a case's clinical summary", description = "The structured data of the case's imported records (FHIR R4 bundles and C-CDA documents uploaded as records): conditions, medications, allergies and procedures, most recent first, and lab results grouped by test (one code in one unit), each result with its time, value (a number, or a text), flag and reference range; every item names the record it came from (`recordId`). `imports` lists the imported records, with what of each was not imported, counted by what it is. Voided records take their data with them. For whoever may read the records' content (the patient, those they let in, the case's coordinator, the reviewing specialist); audited.")
    @ApiErrors({403, 404})
    @GetMapping("/api/v1/cases/{caseId}/clinical-summary")
    SummaryResponse summary(AccessScope scope, @PathVariable String caseId) {
        return SummaryResponse.of(summaries.of(scope, CaseId.parse(caseId)));
    }
}
