package org.consilium.records;

/** What kind of clinical document a record is. */
public enum RecordCategory {
    PATHOLOGY_REPORT("Pathology report"),
    LAB_RESULT("Lab result"),
    GENETIC_REPORT("Genetic or mutation report"),
    IMAGING_REPORT("Imaging report"),
    IMAGING_STUDY("Imaging study (DICOM)"),
    CLINICAL_NOTE("Clinical note"),
    DISCHARGE_SUMMARY("Discharge summary"),
    MEDICATION_LIST("Medication list"),
    OTHER("Other");

    private final String label;

    RecordCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
