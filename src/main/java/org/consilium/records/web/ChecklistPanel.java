package org.consilium.records.web;

import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CasePagePanel;
import org.consilium.intake.CaseView;
import org.consilium.records.Checklist;
import org.consilium.records.RecordCategory;
import org.consilium.records.RecordChecklists;
import org.consilium.records.RecordChecklists.ChecklistView;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The records checklist of the case page: to the patient, in plain words, what is still needed, what was received and
 * what is not needed and why; to the case's coordinator, the same with a form to waive each item or withdraw a
 * waiver. Shown to those who may read the checklist.
 */
@Component
@Order(9)
class ChecklistPanel implements CasePagePanel {

    private final RecordChecklists checklists;

    ChecklistPanel(RecordChecklists checklists) {
        this.checklists = checklists;
    }

    /** What the panel's template reads, under {@code checklistPanel}. */
    record View(ChecklistView shown, boolean staff) {

        public Checklist checklist() {
            return shown.checklist();
        }

        public boolean mayWaive() {
            return shown.may("waiveChecklistItem");
        }

        /** The item in the words its reader needs: the specialist's words for staff, plain words for the patient. */
        public String wordsOf(Checklist.Item item) {
            return staff ? item.template().specialistWords() : item.template().patientWords();
        }

        /** "Pathology report or lab result": the kinds of record that satisfy the item. */
        public String categoriesOf(Checklist.Item item) {
            return String.join(" or ", item.template().categoryList().stream().map(RecordCategory::label)
                    .map(label -> label.toLowerCase(java.util.Locale.ROOT)).toList());
        }

        public String nameOf(org.consilium.shared.UserId account) {
            return shown.nameOf(account);
        }

        public String reasonInput(Checklist.Item item) {
            return ChecklistPanel.reasonInput(item.key());
        }
    }

    /** The id of the reason input of an item's waive form. */
    static String reasonInput(String itemKey) {
        return "waive-reason-" + itemKey.replaceAll("[^A-Za-z0-9-]", "");
    }

    @Override
    public void addTo(AccessScope scope, CaseView c, Map<String, Object> model) {
        if (RecordChecklists.mayRead(c)) {
            // Patients, proxies and caregivers read plain words; doctors and staff the specialist's.
            boolean staff = !c.relation().is(org.consilium.identity.Role.PATIENT);
            model.put("checklistPanel", new View(checklists.checklist(scope, c), staff));
        }
    }
}
