package org.consilium.records.internal.imports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.consilium.records.internal.imports.ParsedImport.Format;
import org.consilium.records.internal.imports.ParsedImport.Item;
import org.consilium.records.internal.imports.ParsedImport.Kind;
import org.consilium.records.internal.imports.ParsedImport.Lab;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * C-CDA documents (HL7 CDA R2, C-CDA R1.1 to R2.1) read with the hardened JDK parser ({@link SafeXml}): the problem,
 * medication, allergy, procedure, result and vital-sign sections, found by their template ids or, failing those,
 * their LOINC section codes. A name given only in the narrative ({@code <reference value="#…"/>}) is read from
 * there. Other sections are counted as not imported, by their title.
 */
final class CdaDocuments {

    private static final String V3 = ImportDetection.CDA_NAMESPACE;
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String TEMPLATES = "2.16.840.1.113883.10.20.22.2.";
    private static final int MAX_SECTION_DEPTH = 8;

    /** The sections read, by template id (without and with entries required) and LOINC section code. */
    private enum Section {
        PROBLEMS(Set.of(TEMPLATES + "5", TEMPLATES + "5.1"), "11450-4"),
        MEDICATIONS(Set.of(TEMPLATES + "1", TEMPLATES + "1.1"), "10160-0"),
        ALLERGIES(Set.of(TEMPLATES + "6", TEMPLATES + "6.1"), "48765-2"),
        PROCEDURES(Set.of(TEMPLATES + "7", TEMPLATES + "7.1"), "47519-4"),
        RESULTS(Set.of(TEMPLATES + "3", TEMPLATES + "3.1"), "30954-2"),
        VITAL_SIGNS(Set.of(TEMPLATES + "4", TEMPLATES + "4.1"), "8716-3");

        private final Set<String> templates;
        private final String loinc;

        Section(Set<String> templates, String loinc) {
            this.templates = templates;
            this.loinc = loinc;
        }
    }

    /** HL7 OIDs of the common code systems, as FHIR names them, so FHIR and C-CDA results of a test line up. */
    private static final Map<String, String> SYSTEMS = Map.of(
            "2.16.840.1.113883.6.1", "http://loinc.org",
            "2.16.840.1.113883.6.96", "http://snomed.info/sct",
            "2.16.840.1.113883.6.88", "http://www.nlm.nih.gov/research/umls/rxnorm",
            "2.16.840.1.113883.6.90", "http://hl7.org/fhir/sid/icd-10-cm",
            "2.16.840.1.113883.6.103", "http://hl7.org/fhir/sid/icd-9-cm",
            "2.16.840.1.113883.6.12", "http://www.ama-assn.org/go/cpt",
            "2.16.840.1.113883.12.292", "http://hl7.org/fhir/sid/cvx",
            "2.16.840.1.113883.6.8", "http://unitsofmeasure.org");

    ParsedImport read(byte[] content) {
        Document document = SafeXml.parse(content);
        Collected found = new Collected();
        Element body = path(document.getDocumentElement(), "component", "structuredBody");
        if (body == null) {
            found.skip("C-CDA document without structured sections");
            return found.result(Format.CCDA);
        }
        for (Element component : children(body, "component")) {
            Element section = child(component, "section");
            if (section != null) {
                section(section, found, 0);
            }
        }
        return found.result(Format.CCDA);
    }

    private void section(Element section, Collected found, int depth) {
        Section kind = kindOf(section);
        Map<String, String> narrative = narrative(section);
        List<Element> entries = children(section, "entry");
        if (kind == null) {
            String title = Collected.first(textOf(child(section, "title")), attr(child(section, "code"),
                    "displayName"), "untitled");
            found.skip("C-CDA section “" + title + "”", Math.max(1, entries.size()));
        } else {
            for (Element entry : entries) {
                switch (kind) {
                    case PROBLEMS -> problem(entry, narrative, found);
                    case MEDICATIONS -> medication(entry, narrative, found);
                    case ALLERGIES -> allergy(entry, narrative, found);
                    case PROCEDURES -> procedure(entry, narrative, found);
                    case RESULTS, VITAL_SIGNS -> results(entry, narrative, found);
                }
            }
        }
        if (depth < MAX_SECTION_DEPTH) {
            for (Element component : children(section, "component")) {
                Element nested = child(component, "section");
                if (nested != null) {
                    section(nested, found, depth + 1);
                }
            }
        }
    }

    private static @Nullable Section kindOf(Element section) {
        List<String> templates = children(section, "templateId").stream().map(t -> attr(t, "root")).toList();
        String code = attr(child(section, "code"), "code");
        for (Section kind : Section.values()) {
            if (templates.stream().anyMatch(kind.templates::contains)) {
                return kind;
            }
        }
        for (Section kind : Section.values()) {
            if (kind.loinc.equals(code)) {
                return kind;
            }
        }
        return null;
    }

    private static void problem(Element entry, Map<String, String> narrative, Collected found) {
        Element act = child(entry, "act");
        List<Element> observations = new ArrayList<>();
        if (act != null) {
            for (Element relationship : children(act, "entryRelationship")) {
                Element observation = child(relationship, "observation");
                if (observation != null) {
                    observations.add(observation);
                }
            }
        } else if (child(entry, "observation") != null) {
            observations.add(child(entry, "observation"));
        }
        String status = attr(child(act, "statusCode"), "code");
        for (Element observation : observations) {
            if (negated(observation)) {
                found.skip("C-CDA problem entry stating an absence");
                continue;
            }
            Element value = child(observation, "value");
            Coded coded = coded(value, narrative);
            if (coded.display() == null) {
                found.skip("C-CDA problem entry without a name");
                continue;
            }
            found.item(new Item(Kind.CONDITION, coded.code(), coded.system(), coded.display(), status,
                    start(child(observation, "effectiveTime")), null));
        }
    }

    private static void medication(Element entry, Map<String, String> narrative, Collected found) {
        Element administration = child(entry, "substanceAdministration");
        if (administration == null) {
            found.skip("C-CDA medication entry of another kind");
            return;
        }
        if (negated(administration)) {
            found.skip("C-CDA medication entry stating an absence");
            return;
        }
        Element material = path(administration, "consumable", "manufacturedProduct", "manufacturedMaterial");
        Coded coded = coded(child(material, "code"), narrative);
        String display = Collected.first(coded.display(), textOf(child(material, "name")));
        if (display == null) {
            found.skip("C-CDA medication entry without a name");
            return;
        }
        String start = null;
        for (Element time : children(administration, "effectiveTime")) {
            start = start == null ? start(time) : start;
        }
        Element dose = child(administration, "doseQuantity");
        String detail = Collected.first(referenced(child(administration, "text"), narrative),
                dose == null || attr(dose, "value") == null ? null
                        : "dose " + attr(dose, "value") + (attr(dose, "unit") == null || "1".equals(attr(dose, "unit"))
                                ? "" : " " + attr(dose, "unit")));
        found.item(new Item(Kind.MEDICATION, coded.code(), coded.system(), display,
                attr(child(administration, "statusCode"), "code"), start, detail));
    }

    private static void allergy(Element entry, Map<String, String> narrative, Collected found) {
        Element act = child(entry, "act");
        String status = attr(child(act, "statusCode"), "code");
        List<Element> observations = new ArrayList<>();
        for (Element relationship : children(act == null ? entry : act, "entryRelationship")) {
            Element observation = child(relationship, "observation");
            if (observation != null) {
                observations.add(observation);
            }
        }
        if (act == null && child(entry, "observation") != null) {
            observations.add(child(entry, "observation"));
        }
        for (Element observation : observations) {
            if (negated(observation)) {
                found.skip("C-CDA allergy entry stating an absence");
                continue;
            }
            Element substance = path(observation, "participant", "participantRole", "playingEntity");
            Coded coded = coded(child(substance, "code"), narrative);
            Coded kind = coded(child(observation, "value"), narrative);
            String display = Collected.first(coded.display(), textOf(child(substance, "name")), kind.display());
            if (display == null) {
                found.skip("C-CDA allergy entry without a name");
                continue;
            }
            List<String> details = new ArrayList<>();
            String criticality = null;
            for (Element relationship : children(observation, "entryRelationship")) {
                Element inner = child(relationship, "observation");
                if (inner == null) {
                    continue;
                }
                Set<String> templates = Set.copyOf(children(inner, "templateId").stream()
                        .map(t -> String.valueOf(attr(t, "root"))).toList());
                String said = coded(child(inner, "value"), narrative).display();
                if (said == null) {
                    continue;
                }
                if (templates.contains("2.16.840.1.113883.10.20.22.4.9")) {
                    details.add(said);
                } else if (templates.contains("2.16.840.1.113883.10.20.22.4.145")) {
                    criticality = said;
                } else if (templates.contains("2.16.840.1.113883.10.20.22.4.8") && criticality == null) {
                    criticality = said;
                }
            }
            String detail = String.join(", ", details);
            if (criticality != null) {
                detail = (detail.isEmpty() ? "" : detail + "; ") + criticality.toLowerCase(java.util.Locale.ROOT);
            }
            found.item(new Item(Kind.ALLERGY, coded.code() != null ? coded.code() : kind.code(),
                    coded.code() != null ? coded.system() : kind.system(), display, status,
                    start(child(observation, "effectiveTime")), Collected.text(detail)));
        }
    }

    private static void procedure(Element entry, Map<String, String> narrative, Collected found) {
        Element act = child(entry, "procedure");
        act = act == null ? child(entry, "observation") : act;
        act = act == null ? child(entry, "act") : act;
        if (act == null) {
            found.skip("C-CDA procedure entry of another kind");
            return;
        }
        if (negated(act)) {
            found.skip("C-CDA procedure entry stating an absence");
            return;
        }
        Coded coded = coded(child(act, "code"), narrative);
        if (coded.display() == null) {
            found.skip("C-CDA procedure entry without a name");
            return;
        }
        found.item(new Item(Kind.PROCEDURE, coded.code(), coded.system(), coded.display(),
                attr(child(act, "statusCode"), "code"), start(child(act, "effectiveTime")), null));
    }

    private static void results(Element entry, Map<String, String> narrative, Collected found) {
        Element organizer = child(entry, "organizer");
        if (organizer == null) {
            Element observation = child(entry, "observation");
            if (observation == null || !result(observation, null, narrative, found)) {
                found.skip("C-CDA result entry without a value");
            }
            return;
        }
        String when = start(child(organizer, "effectiveTime"));
        for (Element component : children(organizer, "component")) {
            Element observation = child(component, "observation");
            if (observation == null || !result(observation, when, narrative, found)) {
                found.skip("C-CDA result entry without a value");
            }
        }
    }

    private static boolean result(Element observation, @Nullable String organizerTime, Map<String, String> narrative,
            Collected found) {
        if (negated(observation) || "nullified".equals(attr(child(observation, "statusCode"), "code"))) {
            return false;
        }
        Coded test = coded(child(observation, "code"), narrative);
        Element value = child(observation, "value");
        if (value == null || test.display() == null) {
            return false;
        }
        String type = value.getAttributeNS(XSI, "type");
        type = type.contains(":") ? type.substring(type.indexOf(':') + 1) : type;
        BigDecimal number = null;
        String text = null;
        String unit = null;
        switch (type) {
            case "PQ", "INT", "REAL" -> {
                number = decimal(attr(value, "value"));
                unit = "PQ".equals(type) && !"1".equals(attr(value, "unit")) ? attr(value, "unit") : null;
            }
            case "CD", "CE", "CO", "CV" -> text = coded(value, narrative).display();
            case "ST", "ED" -> text = Collected.first(referenced(value, narrative), textOf(value));
            default -> text = null;
        }
        if (number == null && text == null) {
            return false;
        }
        Element range = path(observation, "referenceRange", "observationRange");
        Element interval = child(range, "value");
        String when = start(child(observation, "effectiveTime"));
        when = when == null ? organizerTime : when;
        found.lab(new Lab(test.code(), test.system(), test.display(), Collected.text(unit), number, text,
                decimal(attr(child(interval, "low"), "value")), decimal(attr(child(interval, "high"), "value")),
                Collected.first(referenced(child(range, "text"), narrative), textOf(child(range, "text"))),
                ClinicalDates.fromIso(when), attr(child(observation, "interpretationCode"), "code")));
        return true;
    }

    /** A code with what it is called: its display name, else its original text (or the narrative it points at). */
    private record Coded(@Nullable String code, @Nullable String system, @Nullable String display) {
    }

    private static Coded coded(@Nullable Element code, Map<String, String> narrative) {
        if (code == null) {
            return new Coded(null, null, null);
        }
        String oid = attr(code, "codeSystem");
        String value = attr(code, "code");
        Element original = child(code, "originalText");
        String display = Collected.first(attr(code, "displayName"), referenced(original, narrative),
                textOf(original));
        if (value == null) {
            // A null flavour with a translation: the translation is the code.
            for (Element translation : children(code, "translation")) {
                if (attr(translation, "code") != null) {
                    Coded translated = coded(translation, narrative);
                    return new Coded(translated.code(), translated.system(),
                            Collected.first(display, translated.display()));
                }
            }
        }
        return new Coded(Collected.text(value), oid == null ? null : SYSTEMS.getOrDefault(oid, "urn:oid:" + oid),
                display == null ? Collected.text(value) : display);
    }

    /** The narrative text an element points at with {@code <reference value="#id"/>}. */
    private static @Nullable String referenced(@Nullable Element element, Map<String, String> narrative) {
        Element reference = child(element, "reference");
        String target = attr(reference, "value");
        return target != null && target.startsWith("#") ? narrative.get(target.substring(1)) : null;
    }

    /** The section's narrative, by the IDs of its elements, each with its text. */
    private static Map<String, String> narrative(Element section) {
        Map<String, String> byId = new HashMap<>();
        Element text = child(section, "text");
        if (text != null) {
            collectIds(text, byId, 0);
        }
        return byId;
    }

    private static void collectIds(Element element, Map<String, String> byId, int depth) {
        String id = element.getAttribute("ID");
        if (!id.isEmpty()) {
            String text = Collected.text(element.getTextContent());
            if (text != null) {
                byId.put(id, text);
            }
        }
        if (depth > SafeXml.MAX_DEPTH) {
            return;
        }
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                collectIds(child, byId, depth + 1);
            }
        }
    }

    /** When an effectiveTime starts: its value, else its low, as ISO 8601 text. */
    private static @Nullable String start(@Nullable Element time) {
        if (time == null) {
            return null;
        }
        String value = attr(time, "value");
        if (value == null) {
            value = attr(child(time, "low"), "value");
        }
        return ClinicalDates.isoFromV3(value);
    }

    private static boolean negated(Element element) {
        return "true".equals(element.getAttribute("negationInd"));
    }

    private static @Nullable BigDecimal decimal(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable String textOf(@Nullable Element element) {
        return element == null ? null : Collected.text(element.getTextContent());
    }

    private static @Nullable String attr(@Nullable Element element, String name) {
        if (element == null || !element.hasAttribute(name)) {
            return null;
        }
        return Collected.text(element.getAttribute(name));
    }

    private static @Nullable Element child(@Nullable Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())
                    && V3.equals(element.getNamespaceURI())) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(@Nullable Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())
                    && V3.equals(element.getNamespaceURI())) {
                found.add(element);
            }
        }
        return found;
    }

    private static @Nullable Element path(@Nullable Element from, String... names) {
        Element at = from;
        for (String name : names) {
            at = child(at, name);
        }
        return at;
    }
}
