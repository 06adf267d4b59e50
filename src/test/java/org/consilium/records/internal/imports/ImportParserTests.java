package org.consilium.records.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.consilium.records.RecordCategory;
import org.consilium.records.internal.FileScreening;
import org.consilium.records.internal.Verdict;
import org.consilium.records.internal.imports.ParsedImport.Format;
import org.consilium.records.internal.imports.ParsedImport.Item;
import org.consilium.records.internal.imports.ParsedImport.Kind;
import org.consilium.records.internal.imports.ParsedImport.Lab;
import org.consilium.shared.InvalidInputException;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imports of real documents nobody here wrote: examples of the FHIR R4 specification, a bundle Synthea generated and
 * C-CDA examples of HL7's C-CDA-Examples repository (src/test/resources/fhir/README.md says where each comes from);
 * and of broken and hostile ones.
 */
class ImportParserTests {

    private final ImportParser parser = new ImportParser();

    static Stream<String> hl7Examples() {
        return Stream.of("Bundle-lipids.json", "Bundle-father.json", "Bundle-bundle-response-medsallergies.json",
                "Bundle-bundle-response-simplesummary.json", "Bundle-bundle-example.json", "Bundle-report.json",
                "Bundle-lri-example.json", "Bundle-micro.json", "Bundle-101.json", "Bundle-hla-1.json",
                "Bundle-bundle-transaction.json", "Bundle-f001.json", "Bundle-dg2.json");
    }

    @ParameterizedTest
    @MethodSource("hl7Examples")
    void readsEveryHl7R4ExampleBundleThatFits(String name) {
        // given
        byte[] bundle = resource("hl7-r4/" + name);

        // when
        ParsedImport parsed = imported(bundle, "application/json");

        // then
        assertThat(parsed.format()).isEqualTo(Format.FHIR_R4_BUNDLE);
        assertThat(parsed.size() + parsed.skipped().size()).as("something read or accounted for").isPositive();
    }

    @ParameterizedTest
    @MethodSource("hl7Examples")
    void readsTheSameExampleBundlesInXml(String name) {
        // given the example as XML, as a FHIR server would also serve it
        FhirContext fhir = FhirContext.forR4Cached();
        Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class,
                new String(resource("hl7-r4/" + name), StandardCharsets.UTF_8));
        byte[] xml = fhir.newXmlParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);

        // when
        ParsedImport fromXml = imported(xml, "application/xml");
        ParsedImport fromJson = imported(resource("hl7-r4/" + name), "application/json");

        // then
        assertThat(fromXml.items()).isEqualTo(fromJson.items());
        assertThat(fromXml.labs()).isEqualTo(fromJson.labs());
        assertThat(fromXml.skipped()).isEqualTo(fromJson.skipped());
    }

    @Test
    void aLipidPanelGivesEachResultWithItsUnitReferenceRangeAndDate() {
        // when
        ParsedImport parsed = imported(resource("hl7-r4/Bundle-lipids.json"), "application/json");

        // then
        assertThat(parsed.labs()).extracting(Lab::display).containsExactly("Cholesterol", "Triglyceride",
                "Cholesterol in HDL", "LDL Chol. (Calc)");
        Lab cholesterol = parsed.labs().getFirst();
        assertThat(cholesterol.code()).isEqualTo("35200-5");
        assertThat(cholesterol.system()).isEqualTo("http://loinc.org");
        assertThat(cholesterol.number()).isEqualByComparingTo("6.3");
        assertThat(cholesterol.unit()).isEqualTo("mmol/L");
        assertThat(cholesterol.high()).isEqualByComparingTo("4.5");
        assertThat(cholesterol.at()).as("its report's time").isEqualTo(Instant.parse("2011-03-03T21:30:00Z"));
        assertThat(parsed.skipped()).containsEntry("DiagnosticReport", 1);
    }

    @Test
    void aDocumentBundleGivesItsMedicationsAndAllergies() {
        // when
        ParsedImport parsed = imported(resource("hl7-r4/Bundle-father.json"), "application/json");

        // then
        assertThat(parsed.items()).extracting(Item::kind).contains(Kind.MEDICATION, Kind.ALLERGY);
        assertThat(parsed.skipped()).containsKeys("Composition", "Patient", "Practitioner");
    }

    @Test
    void bundlesOfSearchResultsInsideABatchResponseAreReadToo() {
        // when
        ParsedImport parsed = imported(resource("hl7-r4/Bundle-bundle-response-simplesummary.json"),
                "application/json");

        // then
        assertThat(parsed.items()).filteredOn(i -> i.kind() == Kind.CONDITION).hasSize(4);
    }

    @Test
    void aSyntheaBundleGivesConditionsMedicationsProceduresLabTrendsAndDocuments() {
        // given a patient's record as Synthea writes it: a transaction bundle of a diabetic patient
        byte[] synthea = resource("synthea/synthea-patient.json");

        // when
        ParsedImport parsed = imported(synthea, "application/json");

        // then
        assertThat(parsed.items()).filteredOn(i -> i.kind() == Kind.CONDITION).extracting(Item::display)
                .contains("Diabetes mellitus type 2 (disorder)", "Hyperlipidemia");
        Item diabetes = parsed.items().stream().filter(i -> i.display().startsWith("Diabetes mellitus type 2"))
                .findFirst().orElseThrow();
        assertThat(diabetes.code()).isEqualTo("44054006");
        assertThat(diabetes.system()).isEqualTo("http://snomed.info/sct");
        assertThat(diabetes.date()).startsWith("1996-05-18");
        assertThat(parsed.items()).filteredOn(i -> i.kind() == Kind.MEDICATION).hasSize(21);
        assertThat(parsed.items()).filteredOn(i -> i.kind() == Kind.PROCEDURE).hasSize(95);
        List<Lab> a1c = parsed.labs().stream().filter(l -> "4548-4".equals(l.code())).toList();
        assertThat(a1c).hasSize(8).allSatisfy(l -> {
            assertThat(l.unit()).isEqualTo("%");
            assertThat(l.number()).isNotNull();
            assertThat(l.at()).isNotNull();
        });
        assertThat(parsed.labs()).filteredOn(l -> "8480-6".equals(l.code())).as("systolic pressure, a component")
                .isNotEmpty();
        assertThat(parsed.attachments()).hasSize(Collected.MAX_ATTACHMENTS).allSatisfy(a -> {
            assertThat(a.category()).isEqualTo(RecordCategory.CLINICAL_NOTE);
            assertThat(a.content()).isNotEmpty();
            assertThat(a.dateOfService()).isNotNull();
        });
        assertThat(parsed.skipped()).containsEntry("Claim", 63).containsEntry("Encounter", 42)
                .containsEntry("DocumentReference documents over the limit of 20 (the oldest)", 22)
                .containsKey("Observation (survey)");
    }

    @Test
    void theMostRecentDocumentsOfABundleAreKept() {
        // when
        ParsedImport parsed = imported(resource("synthea/synthea-patient.json"), "application/json");

        // then
        assertThat(parsed.attachments()).extracting(ParsedImport.Attachment::dateOfService).isSortedAccordingTo(
                java.util.Comparator.reverseOrder());
        assertThat(parsed.attachments().getFirst().dateOfService()).isAfter(java.time.LocalDate.of(2025, 1, 1));
    }

    @Test
    void aContinuityOfCareDocumentGivesProblemsMedicationsAllergiesProceduresAndResults() {
        // when
        ParsedImport parsed = imported(resource("ccda/CCD-1.xml"), "application/xml");

        // then
        assertThat(parsed.format()).isEqualTo(Format.CCDA);
        assertThat(parsed.items()).extracting(Item::kind).contains(Kind.CONDITION, Kind.MEDICATION, Kind.ALLERGY,
                Kind.PROCEDURE);
        Lab hemoglobin = parsed.labs().stream().filter(l -> "718-7".equals(l.code())).findFirst().orElseThrow();
        assertThat(hemoglobin.display()).isEqualTo("Hemoglobin");
        assertThat(hemoglobin.system()).isEqualTo("http://loinc.org");
        assertThat(hemoglobin.number()).isEqualByComparingTo("13.2");
        assertThat(hemoglobin.unit()).isEqualTo("g/dL");
        assertThat(hemoglobin.low()).isEqualByComparingTo("12.0");
        assertThat(hemoglobin.high()).isEqualByComparingTo("15.5");
        assertThat(hemoglobin.at()).isEqualTo(Instant.parse("2008-03-19T16:30:00Z"));
        assertThat(parsed.skipped()).anySatisfy((what, count) -> assertThat(what).startsWith("C-CDA section"));
    }

    @Test
    void anotherContinuityOfCareDocumentIsReadToo() {
        // when
        ParsedImport parsed = imported(resource("ccda/CCD-2.xml"), "application/xml");

        // then
        assertThat(parsed.format()).isEqualTo(Format.CCDA);
        assertThat(parsed.labs()).isNotEmpty();
        assertThat(parsed.items()).extracting(Item::kind).doesNotContain(Kind.ALLERGY);
        assertThat(parsed.skipped()).as("its allergy entry says there are none")
                .containsEntry("C-CDA allergy entry stating an absence", 1);
    }

    @Test
    void theDocumentsAreTakenByScreeningAsJsonAndXml() {
        // given
        FileScreening screening = new FileScreening();

        // then
        assertThat(screening.screen(resource("synthea/synthea-patient.json"), "export.json"))
                .isInstanceOfSatisfying(Verdict.Accepted.class,
                        a -> assertThat(a.contentType()).isEqualTo("application/json"));
        assertThat(screening.screen(resource("ccda/CCD-1.xml"), "ccd.xml"))
                .isInstanceOfSatisfying(Verdict.Accepted.class,
                        a -> assertThat(a.contentType()).isEqualTo("application/xml"));
        assertThat(screening.screen(resource("hl7-r4/Bundle-father.json"), "father.json"))
                .isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void aBrokenJsonBundleIsRefusedWithTheLineAndTheReason() {
        // given the lipid panel with a comma missing on line 103
        String lipids = new String(resource("hl7-r4/Bundle-lipids.json"), StandardCharsets.UTF_8);
        String[] lines = lipids.split("\n", -1);
        assertThat(lines[102]).contains("\"value\": 6.3,");
        lines[102] = lines[102].replace("6.3,", "6.3");
        byte[] broken = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);

        // then: screening no longer sees JSON in it, but it still says it is a bundle
        assertThatThrownBy(() -> parser.parse(broken, "text/plain"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("file");
                        assertThat(v.message()).startsWith("this FHIR bundle could not be read: line 104, column ")
                                .contains("Unexpected character").endsWith("; nothing was stored");
                    });
                });
    }

    @Test
    void aBundleWithAValueOfTheWrongKindIsRefusedWithTheReason() {
        // given a date that is no date
        String lipids = new String(resource("hl7-r4/Bundle-lipids.json"), StandardCharsets.UTF_8);
        byte[] broken = lipids.replaceFirst("\"effectiveDateTime\": \"[^\"]+\"",
                "\"effectiveDateTime\": \"the third of March\"").getBytes(StandardCharsets.UTF_8);

        // then
        assertThatThrownBy(() -> parser.parse(broken, "application/json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("this FHIR bundle could not be read")
                .hasMessageContaining("the third of March");
    }

    @Test
    void aBrokenXmlBundleIsRefusedWithTheLineAndTheReason() {
        // given
        byte[] broken = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Bundle xmlns="http://hl7.org/fhir">
                  <type value="collection"/>
                  <entry>
                    <resource>
                      <Observation>
                        <status value="final">
                      </Observation>
                    </resource>
                  </entry>
                </Bundle>
                """.getBytes(StandardCharsets.UTF_8);

        // then
        assertThatThrownBy(() -> parser.parse(broken, "application/xml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("this FHIR bundle could not be read: line 8, column ");
    }

    @Test
    void aBrokenClinicalDocumentIsRefusedWithTheLine() {
        // given
        String ccd = new String(resource("ccda/CCD-2.xml"), StandardCharsets.UTF_8);
        byte[] broken = ccd.replaceFirst("</title>", "</titel>").getBytes(StandardCharsets.UTF_8);

        // then
        assertThatThrownBy(() -> parser.parse(broken, "application/xml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("this C-CDA document could not be read: line ");
    }

    @Test
    void anExternalEntityInABundleIsRefusedAndNeverRead() {
        // given
        byte[] xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE Bundle [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <Bundle xmlns="http://hl7.org/fhir"><type value="collection"/><entry><resource>
                <Observation><status value="final"/><code><text value="&secret;"/></code>
                <valueString value="&secret;"/></Observation></resource></entry></Bundle>
                """.getBytes(StandardCharsets.UTF_8);

        // then
        assertThatThrownBy(() -> parser.parse(xxe, "application/xml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("declares a document type (<!DOCTYPE>), which is not accepted")
                .hasMessageNotContaining("root:");
    }

    @Test
    @Timeout(10)
    void aBillionLaughsClinicalDocumentIsRefusedAtOnce() {
        // given
        StringBuilder entities = new StringBuilder("<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        byte[] laughs = ("<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [" + entities + "]>\n"
                + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&lol9;</title></ClinicalDocument>")
                .getBytes(StandardCharsets.UTF_8);

        // then
        assertThatThrownBy(() -> parser.parse(laughs, "application/xml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("this C-CDA document could not be read: line 2")
                .hasMessageContaining("<!DOCTYPE>");
    }

    @Test
    void otherJsonAndXmlIsNoImport() {
        assertThat(parser.parse(resource("hl7-r4/Bundle-lipids.json"), "application/pdf")).isEmpty();
        assertThat(parser.parse("{\"resourceType\": \"Patient\", \"id\": \"x\"}".getBytes(StandardCharsets.UTF_8),
                "application/json")).isEmpty();
        assertThat(parser.parse("<Bundle><type/></Bundle>".getBytes(StandardCharsets.UTF_8), "application/xml"))
                .as("a Bundle outside FHIR's namespace").isEmpty();
        assertThat(parser.parse("Haemoglobin 13.5 g/dL\n".getBytes(StandardCharsets.UTF_8), "text/plain"))
                .isEmpty();
        assertThat(parser.parse("[1, 2, 3]".getBytes(StandardCharsets.UTF_8), "application/json")).isEmpty();
    }

    @Test
    void aBundleOverTheImportLimitIsRefused() {
        // given
        byte[] large = ("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"id\": \""
                + "x".repeat(ImportParser.MAX_IMPORT_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);

        // then
        assertThatThrownBy(() -> parser.parse(large, "application/json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("larger than 20 MB");
    }

    @Test
    void partialAndV3DatesAreReadAtTheStartOfTheirPeriod() {
        assertThat(ClinicalDates.fromIso("2012")).isEqualTo(Instant.parse("2012-01-01T00:00:00Z"));
        assertThat(ClinicalDates.fromIso("2012-05")).isEqualTo(Instant.parse("2012-05-01T00:00:00Z"));
        assertThat(ClinicalDates.fromIso("2012-05-07T10:00:00+02:00")).isEqualTo(Instant.parse("2012-05-07T08:00:00Z"));
        assertThat(ClinicalDates.fromIso("not a date")).isNull();
        assertThat(ClinicalDates.isoFromV3("200803190830-0800")).isEqualTo("2008-03-19T08:30:00-08:00");
        assertThat(ClinicalDates.isoFromV3("20080319")).isEqualTo("2008-03-19");
        assertThat(ClinicalDates.isoFromV3("2008")).isEqualTo("2008");
        assertThat(ClinicalDates.isoFromV3("20081319")).isNull();
    }

    private ParsedImport imported(byte[] content, String type) {
        return parser.parse(content, type).orElseThrow(() -> new AssertionError("not taken as an import"));
    }

    static byte[] resource(String path) {
        try (InputStream in = ImportParserTests.class.getResourceAsStream("/fhir/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource fhir/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
