package org.consilium.records.internal.imports;

import java.util.Optional;
import java.util.Set;

/**
 * Which uploads are documents to import: JSON whose {@code resourceType} is {@code Bundle}, XML whose root is a
 * {@code Bundle} in the FHIR namespace (FHIR R4 bundles), and XML whose root is a {@code ClinicalDocument} in
 * {@code urn:hl7-org:v3} (C-CDA). Text that sets out to be one of these counts too, so that a broken bundle is
 * refused with its problem rather than kept as a text file.
 */
final class ImportDetection {

    static final String CDA_NAMESPACE = "urn:hl7-org:v3";

    /** The types screening gives JSON and XML (a broken JSON document is still plain text to it). */
    private static final Set<String> TEXTUAL = Set.of("application/json", "text/plain", "application/xml",
            "text/xml");

    /** What an upload is, as far as importing goes. */
    enum Kind {
        FHIR_JSON,
        FHIR_XML,
        CDA
    }

    private ImportDetection() {
    }

    static Optional<Kind> detect(byte[] content, String contentType) {
        if (!TEXTUAL.contains(contentType)) {
            return Optional.empty();
        }
        if (!contentType.endsWith("xml") && JsonSyntax.isBundle(content)) {
            return Optional.of(Kind.FHIR_JSON);
        }
        return SafeXml.root(content).flatMap(root -> {
            if (root.localName().equals("Bundle") && FhirBundles.FHIR_NAMESPACE.equals(root.namespace())) {
                return Optional.of(Kind.FHIR_XML);
            }
            if (root.localName().equals("ClinicalDocument") && CDA_NAMESPACE.equals(root.namespace())) {
                return Optional.of(Kind.CDA);
            }
            return Optional.empty();
        });
    }
}
