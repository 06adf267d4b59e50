package org.consilium.records.web;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CasePagePanel;
import org.consilium.intake.CaseView;
import org.consilium.records.ClinicalSummaries;
import org.consilium.records.ClinicalSummary;
import org.consilium.records.RecordId;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The clinical summary of the case page, for whoever may read the records' content (the patient, the coordinator,
 * the reviewing specialist): the imported conditions, medications, allergies and procedures, and a table of lab
 * results with a trend chart per test. Absent when nothing was imported.
 */
@Component
@Order(11)
class ClinicalSummaryPanel implements CasePagePanel {

    private final ClinicalSummaries summaries;

    ClinicalSummaryPanel(ClinicalSummaries summaries) {
        this.summaries = summaries;
    }

    /** What the panel's template reads, under {@code clinicalSummary}. */
    record View(ClinicalSummary summary) {

        /** The test's trend chart as SVG markup, empty when it has fewer than two dated numbers. */
        public String chart(ClinicalSummary.LabTest test, int index) {
            return TrendChart.svg(test, "trend-" + index);
        }

        /** The day a result was taken, as the source recorded it; empty when it gave none. */
        public String day(@Nullable Instant at) {
            return at == null ? "" : TrendChart.day(at);
        }

        /** The file an item came from, by the imported record's id. */
        public String fileOf(RecordId record) {
            return summary.imports().stream().filter(i -> i.recordId().equals(record)).findFirst()
                    .map(ClinicalSummary.Import::filename).orElse("an imported record");
        }

        /** The four lists, titled, in the order the page shows them. */
        public java.util.List<Part> lists() {
            return java.util.List.of(new Part("Conditions", summary.conditions()),
                    new Part("Medications", summary.medications()), new Part("Allergies", summary.allergies()),
                    new Part("Procedures", summary.procedures()));
        }

        /** An entry's status and date in words: "active, 1996-05-18". */
        public String facts(ClinicalSummary.Entry e) {
            java.util.List<String> facts = new java.util.ArrayList<>();
            if (e.status() != null) {
                facts.add(e.status());
            }
            if (e.date() != null) {
                facts.add(e.date().length() > 10 ? e.date().substring(0, 10) : e.date());
            }
            return String.join(", ", facts);
        }

        /** What the format of an import is called. */
        public String formatOf(ClinicalSummary.Import i) {
            return "CCDA".equals(i.format()) ? "C-CDA document" : "FHIR bundle";
        }

        /** What was left out of all imports, by what it is. */
        public Map<String, Integer> skipped() {
            Map<String, Integer> all = new TreeMap<>();
            summary.imports().forEach(i -> i.skipped().forEach((what, n) -> all.merge(what, n, Integer::sum)));
            return all;
        }

        public int skippedCount() {
            return skipped().values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** One of the lists of the summary, with its title. */
    record Part(String title, java.util.List<ClinicalSummary.Entry> entries) {
    }

    @Override
    public void addTo(AccessScope scope, CaseView c, Map<String, Object> model) {
        summaries.forPage(scope, c).ifPresent(summary -> model.put("clinicalSummary", new View(summary)));
    }
}
