package org.consilium.records;

/** How a record reached the case. */
public enum RecordSource {
    PATIENT_UPLOAD,
    COORDINATOR_UPLOAD
}
