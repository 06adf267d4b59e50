package org.consilium.records.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * Decides whether an uploaded file may become a clinical record, from its bytes, in memory.
 *
 * <p>The type comes from the content alone ({@link ContentTypes}); the name is never asked what the file is. Programs,
 * scripts and content that runs when opened are refused whatever type they pass for ({@link ActiveContent}); archives
 * are opened and every entry checked ({@link ArchiveInspection}); PDFs with scripts, launch actions or attachments
 * ({@link PdfInspection}) and Office files with macros ({@link OleInspection}) are refused; so is anything not on the
 * list of record types. A name may add a refusal, when text carries the extension of a script, but never an
 * acceptance. An accepted file keeps its name with the extension of its detected type.
 *
 * <p>Nothing here writes to disk: every library is handed the byte array or an in-memory stream over it.
 */
@Component
public class FileScreening {

    static final String RECORD_TYPES = "upload PDF, images, DICOM, text, CSV, JSON, XML, Word or spreadsheet files, "
            + "or a ZIP archive of them";

    private static final JsonFactory JSON = new JsonFactory();

    private final ContentTypes types = new ContentTypes();
    private final ArchiveInspection archives = new ArchiveInspection();

    /** Screens a file under its normalised name (see {@link FileNames#normalise}). */
    public Verdict screen(byte[] content, String name) {
        Optional<Finding> found = beforeDetection(content);
        if (found.isPresent()) {
            return new Verdict.Refused(found.get().reason());
        }
        String type = refinedType(content);
        return afterDetection(content, name, type).<Verdict>map(f -> new Verdict.Refused(f.reason()))
                .orElseGet(() -> new Verdict.Accepted(type, FileNames.withExtension(name, types.extensions(type))));
    }

    /**
     * Refuses, from the first bytes of an upload still arriving, a file that is a program or a script, so nobody waits
     * for gigabytes to arrive only to be refused.
     */
    public java.util.Optional<String> refusedFromStart(byte[] head) {
        return ActiveContent.inLeadingBytes(head, head.length).map(Finding::reason);
    }

    /**
     * Screens a file too large to check whole in memory from its first bytes: only types whose safety does not hang
     * on the rest of the file (DICOM and raster images) pass; programs are refused as ever, and anything whose checks
     * need the whole file (PDFs, archives, Office documents, text) is refused with what to do instead.
     *
     * @param head at least the file's first 64 KB, or all of it
     */
    public Verdict screenLarge(byte[] head, String name, String limitInWords) {
        Optional<Finding> found = ActiveContent.inLeadingBytes(head, head.length);
        if (found.isPresent()) {
            return new Verdict.Refused(found.get().reason());
        }
        String type = types.detect(head);
        boolean checkable = type.equals("application/dicom")
                || type.startsWith("image/") && ContentTypes.accepted(type) && !type.contains("svg");
        if (!checkable) {
            return new Verdict.Refused("the file is larger than " + limitInWords + " and of a type that is checked "
                    + "whole (" + (type.equals(ContentTypes.UNKNOWN) ? "not recognised from its start" : type)
                    + "); only DICOM and image files may be larger: split it, or upload the files it holds one by one");
        }
        return new Verdict.Accepted(type, FileNames.withExtension(name, types.extensions(type)));
    }

    /** One file of an unpacked archive, accepted on its own: its path in the archive, its verdict and its bytes. */
    public record Unpacked(String path, Verdict.Accepted file, byte[] content) {
    }

    /** What the files of an unpacked archive are handed to, one at a time. */
    @FunctionalInterface
    public interface UnpackedFiles {
        void take(Unpacked file);
    }

    /**
     * Unpacks an accepted ZIP archive into its files ({@link ArchiveExpansion}), screening each as an upload of its
     * own, and hands each on; nested archives are unpacked too. The first file refused, or anything unsafe in the
     * archive, refuses it all, naming the file.
     *
     * @throws org.consilium.shared.InvalidInputException on the field {@code file}
     */
    public void unpack(byte[] archive, UnpackedFiles files) {
        try {
            ArchiveExpansion.expand(archive, entry -> {
                String name = FileNames.normalise(entry.path().substring(entry.path().lastIndexOf('/') + 1));
                switch (screen(entry.content(), name)) {
                    case Verdict.Accepted accepted -> files.take(new Unpacked(entry.path(), accepted,
                            entry.content()));
                    case Verdict.Refused refused -> throw new ArchiveExpansion.Refused(entry.path() + ": "
                            + refused.reason());
                }
            });
        } catch (ArchiveExpansion.Refused refused) {
            throw new org.consilium.shared.InvalidInputException("file", "the archive was not unpacked: "
                    + refused.getMessage());
        }
    }

    /** The detected type, with plain text told apart into JSON and CSV, which Tika recognises only by name. */
    String refinedType(byte[] content) {
        String type = types.detect(content);
        if (!type.equals("text/plain")) {
            return type;
        }
        if (isJson(content)) {
            return "application/json";
        }
        return Csv.looksLikeCsv(content) ? "text/csv" : type;
    }

    /**
     * Cheap checks before the container detectors read the file: executable headers, an OLE2 header that claims more
     * than the file holds (POI allocates what it claims), and archives, whose entries Tika's ZIP detection would
     * inflate without limits of its own.
     */
    private Optional<Finding> beforeDetection(byte[] content) {
        int length = content.length;
        Optional<Finding> found = ActiveContent.inLeadingBytes(content, length);
        if (found.isPresent()) {
            return found;
        }
        if (OleInspection.isOle(content, length) && !OleInspection.plausible(content)) {
            return Optional.of(Finding.damaged("Office document"));
        }
        return ArchiveInspection.isZip(content, length) ? archives.inspect(content) : Optional.empty();
    }

    private Optional<Finding> afterDetection(byte[] content, String name, String type) {
        Optional<Finding> found = ActiveContent.ofType(type);
        if (found.isPresent()) {
            return found;
        }
        if (ContentTypes.textual(type)) {
            // Text has no magic number: a script is text, and what it contains or is called is all there is to see.
            found = ActiveContent.inText(content, content.length).or(() -> ActiveContent.byName(name));
            if (found.isPresent()) {
                return found;
            }
        }
        if (type.equals("application/x-tika-ooxml-protected") || type.equals("application/x-tika-ole-drm-encrypted")) {
            return Optional.of(Finding.passwordProtected("Office document"));
        }
        if (!ContentTypes.accepted(type)) {
            return Optional.of(type.equals(ContentTypes.UNKNOWN)
                    ? new Finding("of a type that could not be recognised from its content", RECORD_TYPES)
                    : new Finding("of a type that cannot be uploaded (" + type + ")", RECORD_TYPES));
        }
        if (type.equals("application/pdf")) {
            return PdfInspection.inspect(content);
        }
        return OleInspection.isOle(content, content.length) ? OleInspection.inspect(content) : Optional.empty();
    }

    private static boolean isJson(byte[] content) {
        try (JsonParser parser = JSON.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Comma, semicolon or tab separated values: every line of the start splits into the same number of fields. */
    static final class Csv {

        private static final int LINES = 50;

        private Csv() {
        }

        static boolean looksLikeCsv(byte[] content) {
            String text = new String(content, 0, Math.min(content.length, 256 * 1024), StandardCharsets.UTF_8);
            String[] lines = text.split("\r\n|\n|\r", LINES + 1);
            int checked = Math.min(lines.length, LINES);
            if (lines.length > LINES || content.length > 256 * 1024) {
                checked--; // the last line read may be cut short
            }
            for (char separator : new char[] {',', ';', '\t'}) {
                if (sameFieldCount(lines, checked, separator)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean sameFieldCount(String[] lines, int count, char separator) {
            int fields = -1;
            int rows = 0;
            for (int i = 0; i < count; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                int here = fields(lines[i], separator);
                if (here < 2 || fields >= 0 && here != fields) {
                    return false;
                }
                fields = here;
                rows++;
            }
            return rows >= 2;
        }

        private static int fields(String line, char separator) {
            int fields = 1;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == separator && !quoted) {
                    fields++;
                }
            }
            return fields;
        }
    }
}
