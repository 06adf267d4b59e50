package org.consilium.records.internal.imports;

import java.util.Optional;
import org.consilium.shared.InvalidInputException;

/** Tells an upload to import from any other file, and reads it: FHIR R4 bundles in JSON or XML, C-CDA documents. */
final class ImportParser {

    /** The largest document imported: parsed, a bundle takes several times its size in memory. */
    static final int MAX_IMPORT_BYTES = 20 * 1024 * 1024;

    private final FhirBundles fhir = new FhirBundles();
    private final CdaDocuments cda = new CdaDocuments();

    /** See {@link ClinicalImport#parse}. */
    Optional<ParsedImport> parse(byte[] content, String contentType) {
        Optional<ImportDetection.Kind> kind = ImportDetection.detect(content, contentType);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        String what = kind.get() == ImportDetection.Kind.CDA ? "C-CDA document" : "FHIR bundle";
        if (content.length > MAX_IMPORT_BYTES) {
            throw new InvalidInputException("file", "this " + what + " is larger than 20 MB, the most that can be "
                    + "imported at once; export a shorter period or split it, then upload the parts");
        }
        try {
            return Optional.of(switch (kind.get()) {
                case FHIR_JSON -> fhir.read(content, false);
                case FHIR_XML -> fhir.read(content, true);
                case CDA -> cda.read(content);
            });
        } catch (MalformedImport e) {
            throw new InvalidInputException("file", "this " + what + " could not be read: " + e.where()
                    + "; nothing was stored");
        }
    }
}
