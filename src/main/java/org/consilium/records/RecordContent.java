package org.consilium.records;

/** A record's bytes, decrypted for one reader. */
public record RecordContent(MedicalRecord record, byte[] bytes) {
}
