package org.consilium.records.internal.imports;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.consilium.records.RecordCategory;
import org.consilium.records.internal.imports.ParsedImport.Attachment;
import org.consilium.records.internal.imports.ParsedImport.Format;
import org.consilium.records.internal.imports.ParsedImport.Item;
import org.consilium.records.internal.imports.ParsedImport.Kind;
import org.consilium.records.internal.imports.ParsedImport.Lab;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

/**
 * FHIR R4 bundles (JSON or XML) read with HAPI FHIR's R4 model, and what Consilium keeps of them: conditions,
 * medication requests and statements, allergies, procedures, laboratory and vital-sign observations (each component
 * of a panel such as blood pressure as a result of its own), and the documents of DocumentReferences that carry
 * their content. Bundles inside the bundle (a batch response of searches) are read too. Every other resource is
 * counted under its type as not imported.
 *
 * <p>HAPI parses leniently about elements it does not know (a later FHIR version may add some) but refuses values
 * that are not what their element holds (a date that is no date). Before HAPI sees the bytes, JSON is read once by
 * Jackson and XML once by the hardened JDK parser ({@link SafeXml}), so that a broken document is reported with the
 * line and column the person can look at, and XML with a DTD never reaches a parser that might expand it.
 */
final class FhirBundles {

    static final String FHIR_NAMESPACE = "http://hl7.org/fhir";
    private static final int MAX_NESTED_BUNDLES = 3;
    private static final Set<String> LAB_CATEGORIES = Set.of("laboratory", "vital-signs");
    private static final Pattern HAPI_CODE = Pattern.compile("^HAPI-\\d+:\\s*");
    private static final Pattern JSON_AT = Pattern.compile("line: (\\d+), column: (\\d+)");

    /** DocumentReference types (LOINC) that name a record category. */
    private static final Map<String, RecordCategory> CATEGORIES = Map.ofEntries(
            Map.entry("11526-1", RecordCategory.PATHOLOGY_REPORT),
            Map.entry("60567-5", RecordCategory.PATHOLOGY_REPORT),
            Map.entry("11502-2", RecordCategory.LAB_RESULT),
            Map.entry("26436-6", RecordCategory.LAB_RESULT),
            Map.entry("51969-4", RecordCategory.GENETIC_REPORT),
            Map.entry("18748-4", RecordCategory.IMAGING_REPORT),
            Map.entry("18842-5", RecordCategory.DISCHARGE_SUMMARY),
            Map.entry("10160-0", RecordCategory.MEDICATION_LIST),
            Map.entry("56445-0", RecordCategory.MEDICATION_LIST),
            Map.entry("11506-3", RecordCategory.CLINICAL_NOTE),
            Map.entry("34117-2", RecordCategory.CLINICAL_NOTE),
            Map.entry("11488-4", RecordCategory.CLINICAL_NOTE),
            Map.entry("28570-0", RecordCategory.CLINICAL_NOTE),
            Map.entry("34109-9", RecordCategory.CLINICAL_NOTE),
            Map.entry("51847-2", RecordCategory.CLINICAL_NOTE),
            Map.entry("11504-8", RecordCategory.CLINICAL_NOTE));

    private @Nullable FhirContext context;

    /** HAPI's R4 context, made at the first import (it takes a second or two), then shared: it is thread-safe. */
    private synchronized FhirContext context() {
        if (context == null) {
            context = FhirContext.forR4Cached();
        }
        return context;
    }

    /** Reads a bundle already known to be JSON or XML by its first element. */
    ParsedImport read(byte[] content, boolean xml) {
        Bundle bundle = xml ? parseXml(content) : parseJson(content);
        Collected found = new Collected();
        List<Candidate> documents = new ArrayList<>();
        readBundle(bundle, found, documents, 0);
        keepMostRecent(documents, found);
        return found.result(Format.FHIR_R4_BUNDLE);
    }

    private Bundle parseJson(byte[] content) {
        JsonSyntax.check(content);
        return parse(context().newJsonParser(), new String(content, StandardCharsets.UTF_8));
    }

    private Bundle parseXml(byte[] content) {
        SafeXml.checkWellFormed(content);
        return parse(context().newXmlParser(), new String(content, StandardCharsets.UTF_8));
    }

    private static Bundle parse(IParser parser, String text) {
        LenientErrorHandler handler = new LenientErrorHandler(false);
        handler.setErrorOnInvalidValue(true);
        parser.setParserErrorHandler(handler);
        try {
            return parser.parseResource(Bundle.class, text);
        } catch (DataFormatException e) {
            throw malformed(e);
        } catch (RuntimeException e) {
            // Whatever else HAPI throws at content it cannot take is the content's problem, not the server's.
            throw new MalformedImport(0, 0, SafeXml.sentence(HAPI_CODE.matcher(String.valueOf(e.getMessage())
                    .strip()).replaceFirst("")));
        }
    }

    /** HAPI's reason without its message code, with the line and column when it gives them. */
    static MalformedImport malformed(DataFormatException e) {
        String message = HAPI_CODE.matcher(String.valueOf(e.getMessage()).strip()).replaceFirst("");
        Matcher at = JSON_AT.matcher(message);
        if (at.find()) {
            return new MalformedImport(Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)),
                    SafeXml.sentence(message.substring(0, Math.max(0, message.indexOf(" at [")))));
        }
        return new MalformedImport(0, 0, SafeXml.sentence(message));
    }

    private void readBundle(Bundle bundle, Collected found, List<Candidate> documents, int depth) {
        Map<String, Resource> byReference = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource != null) {
                if (entry.hasFullUrl()) {
                    byReference.put(entry.getFullUrl(), resource);
                }
                if (resource.getIdElement().hasIdPart()) {
                    byReference.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
                }
            }
        }
        // A result often has no time of its own and takes its report's (a lipid panel's report, not each result).
        Map<Resource, String> reportTimes = new java.util.IdentityHashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof DiagnosticReport report && report.hasEffective()) {
                for (Reference result : report.getResult()) {
                    Resource target = result.hasReference() ? byReference.get(result.getReference()) : null;
                    String when = start(report.getEffective());
                    if (target != null && when != null) {
                        reportTimes.put(target, when);
                    }
                }
            }
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            switch (resource) {
                case Bundle nested when depth < MAX_NESTED_BUNDLES -> readBundle(nested, found, documents, depth + 1);
                case Bundle nested -> found.skip("Bundle nested more than " + MAX_NESTED_BUNDLES + " deep");
                case Condition condition -> condition(condition, found);
                case MedicationRequest request -> {
                    CodeableConcept drug = medication(request.getMedication(), request, byReference);
                    found.item(new Item(Kind.MEDICATION, code(drug), system(drug), display(drug, "Medication"),
                            request.hasStatus() ? request.getStatus().toCode() : null,
                            request.hasAuthoredOn() ? request.getAuthoredOnElement().getValueAsString() : null,
                            dosage(request.getDosageInstruction())));
                }
                case MedicationStatement statement -> {
                    CodeableConcept drug = medication(statement.getMedication(), statement, byReference);
                    found.item(new Item(Kind.MEDICATION, code(drug), system(drug), display(drug, "Medication"),
                            statement.hasStatus() ? statement.getStatus().toCode() : null,
                            start(statement.getEffective()), dosage(statement.getDosage())));
                }
                case AllergyIntolerance allergy -> allergy(allergy, found);
                case Procedure procedure -> found.item(new Item(Kind.PROCEDURE, code(procedure.getCode()),
                        system(procedure.getCode()), display(procedure.getCode(), "Procedure"),
                        procedure.hasStatus() ? procedure.getStatus().toCode() : null,
                        start(procedure.getPerformed()), null));
                case Observation observation -> observation(observation, reportTimes.get(observation), found);
                case DocumentReference document -> document(document, found, documents);
                case Medication medication -> {
                    // A definition the medication requests and statements point at, read with them.
                }
                default -> found.skip(resource.fhirType());
            }
        }
    }

    private static void condition(Condition condition, Collected found) {
        if (enteredInError(condition.getVerificationStatus())) {
            found.skip("Condition entered in error");
            return;
        }
        String onset = condition.hasOnset() ? start(condition.getOnset())
                : condition.hasRecordedDate() ? condition.getRecordedDateElement().getValueAsString() : null;
        found.item(new Item(Kind.CONDITION, code(condition.getCode()), system(condition.getCode()),
                display(condition.getCode(), "Condition"), firstCode(condition.getClinicalStatus()), onset,
                null));
    }

    private static void allergy(AllergyIntolerance allergy, Collected found) {
        if (enteredInError(allergy.getVerificationStatus())) {
            found.skip("AllergyIntolerance entered in error");
            return;
        }
        List<String> reactions = new ArrayList<>();
        for (AllergyIntolerance.AllergyIntoleranceReactionComponent reaction : allergy.getReaction()) {
            for (CodeableConcept manifestation : reaction.getManifestation()) {
                String text = named(manifestation);
                if (text != null && !reactions.contains(text)) {
                    reactions.add(text);
                }
            }
        }
        String detail = String.join(", ", reactions);
        if (allergy.hasCriticality() && allergy.getCriticality() != AllergyIntolerance.AllergyIntoleranceCriticality.NULL) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + "criticality " + allergy.getCriticality().getDisplay()
                    .toLowerCase(java.util.Locale.ROOT);
        }
        String noted = allergy.hasOnset() ? start(allergy.getOnset())
                : allergy.hasRecordedDate() ? allergy.getRecordedDateElement().getValueAsString() : null;
        found.item(new Item(Kind.ALLERGY, code(allergy.getCode()), system(allergy.getCode()),
                display(allergy.getCode(), "Allergy"), firstCode(allergy.getClinicalStatus()), noted,
                Collected.text(detail)));
    }

    private static void observation(Observation observation, @Nullable String reportTime, Collected found) {
        if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || observation.getStatus() == Observation.ObservationStatus.CANCELLED) {
            found.skip("Observation entered in error or cancelled");
            return;
        }
        List<String> categories = observation.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .map(Coding::getCode).filter(java.util.Objects::nonNull).toList();
        if (!categories.isEmpty() && categories.stream().noneMatch(LAB_CATEGORIES::contains)) {
            found.skip("Observation (" + categories.getFirst() + ")");
            return;
        }
        String when = observation.hasEffective() ? start(observation.getEffective())
                : reportTime != null ? reportTime
                : observation.hasIssued() ? observation.getIssuedElement().getValueAsString() : null;
        java.time.Instant at = ClinicalDates.fromIso(when);
        boolean kept = false;
        if (observation.hasValue()) {
            kept = lab(observation.getCode(), observation.getValue(), observation.getReferenceRange(),
                    observation.getInterpretation(), at, found);
        }
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            if (component.hasValue()) {
                kept |= lab(component.getCode(), component.getValue(), component.getReferenceRange(),
                        component.getInterpretation(), at, found);
            }
        }
        if (!kept) {
            found.skip(observation.hasValue() ? "Observation with a value of another kind"
                    : "Observation without a value");
        }
    }

    private static boolean lab(CodeableConcept code, Type value, List<Observation.ObservationReferenceRangeComponent> ranges,
            List<CodeableConcept> interpretation, java.time.@Nullable Instant at, Collected found) {
        BigDecimal number = null;
        String text = null;
        String unit = null;
        switch (value) {
            case Quantity quantity -> {
                unit = Collected.first(quantity.getUnit(), quantity.getCode());
                if (quantity.hasComparator() && quantity.getComparator() != Quantity.QuantityComparator.NULL) {
                    text = quantity.getComparator().toCode() + " " + quantity.getValue().toPlainString();
                } else if (quantity.hasValue()) {
                    number = quantity.getValue();
                } else {
                    return false;
                }
            }
            case IntegerType integer -> number = integer.getValue() == null ? null : BigDecimal.valueOf(integer.getValue());
            case StringType string -> text = Collected.text(string.getValue());
            case CodeableConcept concept -> text = named(concept);
            case BooleanType bool -> text = Boolean.TRUE.equals(bool.getValue()) ? "yes" : "no";
            default -> {
                return false;
            }
        }
        if (number == null && text == null) {
            return false;
        }
        BigDecimal low = null;
        BigDecimal high = null;
        String rangeText = null;
        if (!ranges.isEmpty()) {
            Observation.ObservationReferenceRangeComponent range = ranges.getFirst();
            low = range.hasLow() && range.getLow().hasValue() ? range.getLow().getValue() : null;
            high = range.hasHigh() && range.getHigh().hasValue() ? range.getHigh().getValue() : null;
            rangeText = Collected.text(range.getText());
        }
        found.lab(new Lab(code(code), system(code), display(code, "Test"), unit, number, text, low, high, rangeText, at,
                interpretation.isEmpty() ? null : firstCode(interpretation.getFirst())));
        return true;
    }

    private static void document(DocumentReference document, Collected found, List<Candidate> documents) {
        if (document.getStatus() == org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
            found.skip("DocumentReference entered in error");
            return;
        }
        String date = document.hasDate() ? new InstantType(document.getDate()).getValueAsString()
                : document.getContext().hasPeriod() ? document.getContext().getPeriod().getStartElement()
                        .getValueAsString() : null;
        RecordCategory category = document.getType().getCoding().stream()
                .map(c -> CATEGORIES.get(String.valueOf(c.getCode()))).filter(java.util.Objects::nonNull)
                .findFirst().orElse(RecordCategory.OTHER);
        String title = java.util.Objects.requireNonNull(Collected.first(document.getDescription(),
                named(document.getType()), "Document"));
        for (DocumentReference.DocumentReferenceContentComponent content : document.getContent()) {
            org.hl7.fhir.r4.model.Attachment attachment = content.getAttachment();
            if (!attachment.hasData()) {
                found.skip("DocumentReference whose document is only linked, not included");
            } else if (attachment.getData().length > Collected.MAX_ATTACHMENT_BYTES) {
                found.skip("DocumentReference document larger than 10 MB");
            } else {
                String name = Collected.first(attachment.getTitle(), title + (date == null ? ""
                        : " " + date.substring(0, Math.min(10, date.length()))));
                documents.add(new Candidate(new Attachment(java.util.Objects.requireNonNull(name),
                        attachment.getData(), category, ClinicalDates.dayOf(date),
                        "DocumentReference/" + document.getIdElement().getIdPart()),
                        ClinicalDates.fromIso(date)));
            }
        }
    }

    /** An attached document, with when it was written, to keep the most recent ones. */
    private record Candidate(Attachment attachment, java.time.@Nullable Instant at) {
    }

    private static void keepMostRecent(List<Candidate> documents, Collected found) {
        List<Candidate> newestFirst = documents.stream().sorted(Comparator.comparing(Candidate::at,
                Comparator.nullsLast(Comparator.reverseOrder()))).toList();
        newestFirst.stream().limit(Collected.MAX_ATTACHMENTS).forEach(c -> found.attachment(c.attachment()));
        found.skip("DocumentReference documents over the limit of " + Collected.MAX_ATTACHMENTS + " (the oldest)",
                newestFirst.size() - Collected.MAX_ATTACHMENTS);
    }

    /** The medication a request or statement names, by its code or through the Medication it points at. */
    private static @Nullable CodeableConcept medication(@Nullable Type medication, Resource owner,
            Map<String, Resource> byReference) {
        if (medication instanceof CodeableConcept concept) {
            return concept;
        }
        if (medication instanceof Reference reference && reference.hasReference()) {
            String target = reference.getReference();
            Resource resolved = target.startsWith("#") && owner instanceof org.hl7.fhir.r4.model.DomainResource domain
                    ? domain.getContained().stream().filter(r -> target.substring(1)
                            .equals(r.getIdElement().getIdPart())).findFirst().orElse(null)
                    : byReference.get(target);
            if (resolved instanceof Medication found) {
                return found.getCode();
            }
            return new CodeableConcept().setText(reference.getDisplay());
        }
        if (medication instanceof Reference reference) {
            return new CodeableConcept().setText(reference.getDisplay());
        }
        return null;
    }

    private static @Nullable String dosage(List<Dosage> dosages) {
        return Collected.text(dosages.stream().map(Dosage::getText).filter(java.util.Objects::nonNull)
                .collect(Collectors.joining("; ")));
    }

    /** When a date, a date-time or a period starts, as written. */
    private static @Nullable String start(@Nullable Type when) {
        return switch (when) {
            case DateTimeType dateTime -> dateTime.getValueAsString();
            case Period period -> period.hasStart() ? period.getStartElement().getValueAsString() : null;
            case null, default -> null;
        };
    }

    private static boolean enteredInError(CodeableConcept status) {
        return "entered-in-error".equals(firstCode(status));
    }

    private static @Nullable Coding coding(@Nullable CodeableConcept concept) {
        if (concept == null) {
            return null;
        }
        return concept.getCoding().stream().filter(Coding::hasCode).findFirst().orElse(null);
    }

    private static @Nullable String firstCode(@Nullable CodeableConcept concept) {
        Coding coding = coding(concept);
        return coding == null ? null : Collected.text(coding.getCode());
    }

    private static @Nullable String code(@Nullable CodeableConcept concept) {
        return firstCode(concept);
    }

    private static @Nullable String system(@Nullable CodeableConcept concept) {
        Coding coding = coding(concept);
        return coding == null ? null : Collected.text(coding.getSystem());
    }

    /** What a concept is called: its text, else its first coding's display, else its first code. */
    private static String display(@Nullable CodeableConcept concept, String otherwise) {
        String shown = named(concept);
        return shown == null ? otherwise : shown;
    }

    private static @Nullable String named(@Nullable CodeableConcept concept) {
        return concept == null ? null : Collected.first(concept.getText(),
                concept.getCoding().stream().map(Coding::getDisplay).filter(java.util.Objects::nonNull).findFirst()
                        .orElse(null),
                firstCode(concept));
    }
}
