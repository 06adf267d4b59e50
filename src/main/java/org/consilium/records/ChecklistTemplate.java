package org.consilium.records;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.consilium.intake.CaseDetails;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;

/**
 * One record checklist as the service keeps it, as data (tables {@code records_checklists} and
 * {@code records_checklist_items}): a condition, the terms that recognise it in a case, and what the specialist needs,
 * item by item. {@link #choose(List, CaseDetails)} is the one rule that picks a case's checklist.
 *
 * @param icd10Prefixes codes starting with one of these are of this condition ({@code C50} for C50.9)
 * @param keywords      words or phrases that name the condition, matched whole in the case's words
 */
public record ChecklistTemplate(String key, int position, String conditionName, List<String> icd10Prefixes,
        List<String> keywords, List<Item> items) {

    public ChecklistTemplate {
        icd10Prefixes = icd10Prefixes.stream().map(p -> p.strip().toUpperCase(Locale.ROOT)).toList();
        keywords = keywords.stream().map(ChecklistTemplate::words).filter(k -> !k.isBlank()).toList();
        items = items.stream().sorted(Comparator.comparingInt(Item::position)).toList();
    }

    /**
     * One thing the specialist needs: satisfied by a record of one of its categories; with specialties, needed only
     * by a case asking for one of them.
     *
     * @param patientWords    completes "Still needed: …" for the patient ("the pathology report of your biopsy")
     * @param specialistWords what the coordinator and the specialist read
     */
    public record Item(String key, int position, Set<RecordCategory> categories, Set<Specialty> specialties,
            String patientWords, String specialistWords) {

        public Item {
            categories = Set.copyOf(categories);
            specialties = Set.copyOf(specialties);
            if (categories.isEmpty()) {
                throw new IllegalArgumentException("checklist item " + key + " names no category");
            }
        }

        /** Whether a case asking for this specialty needs the item. */
        public boolean appliesTo(Specialty specialty) {
            return specialties.isEmpty() || specialties.contains(specialty);
        }

        /** The categories in their enum order, as the API and pages list them. */
        public List<RecordCategory> categoryList() {
            return categories.stream().sorted().toList();
        }
    }

    /** The general checklist names no terms: it fits any case that no condition's checklist fits. */
    public boolean general() {
        return icd10Prefixes.isEmpty() && keywords.isEmpty();
    }

    /** The items a case asking for this specialty needs, in the checklist's order. */
    public List<Item> itemsFor(Specialty specialty) {
        return items.stream().filter(item -> item.appliesTo(specialty)).toList();
    }

    boolean matchesCode(@Nullable String icd10Code) {
        if (icd10Code == null) {
            return false;
        }
        String code = icd10Code.strip().toUpperCase(Locale.ROOT);
        return icd10Prefixes.stream().anyMatch(code::startsWith);
    }

    boolean namedIn(@Nullable String text) {
        if (text == null) {
            return false;
        }
        String padded = " " + words(text) + " ";
        return keywords.stream().anyMatch(keyword -> padded.contains(" " + keyword + " "));
    }

    /**
     * The checklist of a case. The most explicit of the case's details decides: the first checklist (by position)
     * whose ICD-10 prefixes match the case's code; else the first whose keywords name the cancer type; else the first
     * whose keywords appear in the diagnosis; else the general checklist. Empty only when the service keeps no
     * general checklist, which refuses completing the records rather than allowing it.
     */
    public static Optional<ChecklistTemplate> choose(List<ChecklistTemplate> templates, CaseDetails details) {
        List<ChecklistTemplate> ordered = templates.stream()
                .sorted(Comparator.comparingInt(ChecklistTemplate::position)).toList();
        List<Predicate<ChecklistTemplate>> passes = List.of(
                t -> t.matchesCode(details.icd10Code()),
                t -> t.namedIn(details.cancerType()),
                t -> t.namedIn(details.diagnosis()),
                ChecklistTemplate::general);
        for (Predicate<ChecklistTemplate> pass : passes) {
            Optional<ChecklistTemplate> found = ordered.stream().filter(pass).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Lower case, letters and digits only, single spaces: "Non-small-cell Lung" reads "non small cell lung". */
    static String words(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
