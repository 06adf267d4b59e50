package org.consilium.records;

/** How a record reached the case. */
public enum RecordSource {
    PATIENT_UPLOAD,
    COORDINATOR_UPLOAD,
    /** Someone the patient let into the case with the right to add records: their doctor, a caregiver. */
    DELEGATE_UPLOAD,
    /** A document carried inside an imported FHIR bundle (a DocumentReference's attachment), kept as a record. */
    FHIR_IMPORT
}
