package org.consilium.audit.web;

import java.util.Map;

/**
 * What a visitor saw of a case, in the patient's words. The audit trail records each read as a short, stable detail
 * ({@code record content <id>}, {@code timeline}); the patient's page says "the file “scan.pdf”" and "the timeline".
 */
final class SeenWords {

    private static final String RECORD_CONTENT = "record content ";

    private SeenWords() {
    }

    /** The detail in words; a file by its name, looked up by record id in {@code fileNames}. */
    static String of(String detail, Map<String, String> fileNames) {
        if (detail.startsWith(RECORD_CONTENT)) {
            String name = fileNames.get(detail.substring(RECORD_CONTENT.length()));
            return name == null ? "a file that is no longer listed" : "the file “" + name + "”";
        }
        return switch (detail) {
            case "case" -> "the case";
            case "timeline" -> "the timeline";
            case "record list" -> "the list of records";
            case "clinical summary" -> "the clinical summary (conditions, medications, allergies, lab results)";
            case "opinion" -> "the opinion";
            case "case list" -> "the case in their list of cases";
            default -> detail;
        };
    }
}
