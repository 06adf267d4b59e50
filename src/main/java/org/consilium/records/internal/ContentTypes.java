package org.consilium.records.internal;

import java.util.Set;
import org.apache.tika.Tika;
import org.springframework.stereotype.Component;

/**
 * Detects a file's type from its bytes (the name is only a hint) and says whether a clinical record may be of that
 * type: documents, images, DICOM and plain text, never programs or scripts.
 */
@Component
public class ContentTypes {

    private static final Set<String> ACCEPTED = Set.of(
            "application/pdf",
            "application/dicom",
            "application/rtf",
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.oasis.opendocument.text",
            "application/xml",
            "text/xml",
            "application/json",
            "application/zip");

    private final Tika tika = new Tika();

    public String detect(byte[] content, String filename) {
        return tika.detect(content, filename);
    }

    public boolean accepted(String contentType) {
        // SVG is an image that can carry scripts: refused like any other active content.
        return ACCEPTED.contains(contentType) || contentType.startsWith("image/") && !contentType.contains("svg")
                || contentType.equals("text/plain") || contentType.equals("text/csv");
    }
}
