package org.consilium.records.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tika.detect.CompositeDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.microsoft.POIFSContainerDetector;
import org.apache.tika.detect.microsoft.ooxml.OPCPackageDetector;
import org.apache.tika.detect.zip.DefaultZipContainerDetector;
import org.apache.tika.detect.zip.JarDetector;
import org.apache.tika.detect.zip.OpenDocumentDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file's type from its bytes alone, with Tika's magic and its container detectors (OLE2, OOXML, ODF, JAR), and which
 * types a clinical record may have.
 *
 * <p>Detection never sees the file's name, so a name can neither choose nor confirm a type: bytes Tika does not
 * recognise are {@code application/octet-stream}, whatever they are called. It never touches the disk either. Tika
 * spools a {@code TikaInputStream} to a temporary file for container detection (POIFS always, ZIP beyond its mark
 * limit); here the detectors get a plain in-memory stream instead, on which POIFSContainerDetector reads the OLE2
 * directory into memory and DefaultZipContainerDetector walks the entries as a stream. The detectors are named one by
 * one rather than found on the class path, so a library added later cannot bring in one that spools.
 */
final class ContentTypes {

    static final String UNKNOWN = MediaType.OCTET_STREAM.toString();

    private static final Set<String> ACCEPTED = Set.of(
            "application/pdf",
            "application/dicom",
            "text/plain",
            "text/csv",
            "application/rtf",
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/xml",
            "text/xml",
            "application/json",
            "application/zip");

    /** Extensions of accepted types that Tika's registry has none for. */
    private static final Map<String, List<String>> MORE_EXTENSIONS = Map.of(
            "application/dicom", List.of(".dcm", ".dicom"));

    private static final Logger log = LoggerFactory.getLogger(ContentTypes.class);

    private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();
    private final MediaTypeRegistry registry = mimeTypes.getMediaTypeRegistry();
    private final Detector detector;

    ContentTypes() {
        DefaultZipContainerDetector zip = new DefaultZipContainerDetector(List.of(
                new OPCPackageDetector(), new OpenDocumentDetector(), new JarDetector()));
        // Uploads are whole in memory: let the streaming ZIP detection see all of one rather than guess from a part.
        zip.setMarkLimit(Integer.MAX_VALUE);
        this.detector = new CompositeDetector(registry, List.of(mimeTypes, new POIFSContainerDetector(), zip));
    }

    /** The media type of the content, without parameters; {@link #UNKNOWN} when nothing recognises it. */
    String detect(byte[] content) {
        try {
            // A fresh Metadata: no resource name and no declared type reach the detectors.
            MediaType type = detector.detect(new ByteArrayInputStream(content), new Metadata());
            return type.getBaseType().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e);
        } catch (RuntimeException | LinkageError e) {
            // Deny by default: a detector that fails (or a class of a parser library left out of the build) makes
            // the file unrecognised, and so refused, never accepted under a guess.
            log.warn("Type detection failed ({}); the file is treated as unrecognised", e.toString());
            return UNKNOWN;
        }
    }

    static boolean accepted(String type) {
        // SVG is an image that can carry scripts: refused with the other active content before this is asked.
        return ACCEPTED.contains(type) || type.startsWith("image/") && !type.contains("svg");
    }

    /** Text a person or a script interpreter reads: where scripts hide, and where a name is all that marks one. */
    static boolean textual(String type) {
        return type.startsWith("text/") || type.equals("application/json") || type.equals("application/xml")
                || type.endsWith("+xml") || type.equals("application/rtf");
    }

    /** The type's file extensions, its usual one first, each with its dot; empty when Tika knows none. */
    List<String> extensions(String type) {
        if (MORE_EXTENSIONS.containsKey(type)) {
            return MORE_EXTENSIONS.get(type);
        }
        try {
            MimeType known = mimeTypes.forName(type);
            List<String> all = new ArrayList<>(known.getExtensions());
            // The usual extension first: it is the one a name without any gets.
            all.remove(known.getExtension());
            if (!known.getExtension().isEmpty()) {
                all.addFirst(known.getExtension());
            }
            return List.copyOf(all);
        } catch (MimeTypeException e) {
            return List.of();
        }
    }
}
