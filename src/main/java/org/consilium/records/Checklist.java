package org.consilium.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;

/**
 * A case's records checklist as it stands: each item satisfied by a record of the case, waived by the coordinator, or
 * still needed. The records are complete when no item is still needed.
 *
 * @param key           the checklist's key ({@code breast-cancer}), or {@code none} when no checklist fits the case
 * @param conditionName the condition in the patient's words ("breast cancer")
 */
public record Checklist(String key, String conditionName, List<Item> items) {

    /** The key of the checklist of a case that no kept checklist fits. */
    public static final String NONE = "none";

    public Checklist {
        items = List.copyOf(items);
    }

    public enum Status {
        /** A record of one of the item's categories is on file, not voided. */
        SATISFIED,
        /** No such record, but the coordinator waived the item with a reason. */
        WAIVED,
        /** Neither: the records are not complete. */
        NEEDED
    }

    /**
     * One item as it stands.
     *
     * @param satisfiedBy      the records that satisfy it, oldest first
     * @param waiver           the live waiver, if the coordinator waived it (kept even when a record satisfies it)
     * @param withdrawnWaivers the item's waivers that were withdrawn, oldest first
     */
    public record Item(ChecklistTemplate.Item template, Status status, List<RecordId> satisfiedBy,
            @Nullable ChecklistWaiver waiver, List<ChecklistWaiver> withdrawnWaivers) {

        public Item {
            satisfiedBy = List.copyOf(satisfiedBy);
            withdrawnWaivers = List.copyOf(withdrawnWaivers);
        }

        public String key() {
            return template.key();
        }
    }

    /** A record of the case as the checklist counts it: a voided record satisfies nothing. */
    public record Filed(RecordId id, RecordCategory category, boolean voided) {
    }

    /**
     * The checklist of a case asking for this specialty, from the case's records (oldest first) and every waiver it
     * had (in the order they were given). An item is satisfied by a record of one of its categories that is not
     * voided; otherwise waived by a live waiver; otherwise needed.
     */
    public static Checklist of(ChecklistTemplate template, Specialty specialty, List<Filed> records,
            List<ChecklistWaiver> waivers) {
        List<Item> items = new ArrayList<>();
        for (ChecklistTemplate.Item wanted : template.itemsFor(specialty)) {
            List<RecordId> satisfiedBy = records.stream()
                    .filter(r -> !r.voided() && wanted.categories().contains(r.category()))
                    .map(Filed::id).toList();
            List<ChecklistWaiver> ofItem = waivers.stream().filter(w -> w.itemKey().equals(wanted.key())).toList();
            ChecklistWaiver live = ofItem.stream().filter(ChecklistWaiver::live).findFirst().orElse(null);
            Status status = !satisfiedBy.isEmpty() ? Status.SATISFIED : live != null ? Status.WAIVED : Status.NEEDED;
            items.add(new Item(wanted, status, satisfiedBy, live,
                    ofItem.stream().filter(w -> !w.live()).toList()));
        }
        return new Checklist(template.key(), template.conditionName(), items);
    }

    /** The checklist of a case that no kept checklist fits: no items, and never complete. */
    public static Checklist none() {
        return new Checklist(NONE, "your condition", List.of());
    }

    /** Whether a kept checklist fits the case. */
    public boolean fitted() {
        return !NONE.equals(key);
    }

    /** The items neither satisfied nor waived, in the checklist's order. */
    public List<Item> stillNeeded() {
        return items.stream().filter(item -> item.status() == Status.NEEDED).toList();
    }

    /** Whether every item is satisfied or waived, of a checklist that fits the case. */
    public boolean complete() {
        return fitted() && stillNeeded().isEmpty();
    }

    public Optional<Item> item(String key) {
        return items.stream().filter(item -> item.key().equals(key)).findFirst();
    }
}
