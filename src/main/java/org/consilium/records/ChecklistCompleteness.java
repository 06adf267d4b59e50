package org.consilium.records;

import org.consilium.intake.CaseDetails;
import org.consilium.intake.RecordsCompleteness;
import org.consilium.records.internal.ChecklistStore;
import org.consilium.shared.CaseId;
import org.springframework.stereotype.Component;

/**
 * Answers intake's question before the records of a case are marked complete: what the case's checklist still
 * needs, in the coordinator's words. Reads the kept checklists, the case's records and its waivers; checks nobody's
 * access, since intake asks for its own decision on a case it has already loaded.
 */
@Component
class ChecklistCompleteness implements RecordsCompleteness {

    private final ChecklistStore store;

    ChecklistCompleteness(ChecklistStore store) {
        this.store = store;
    }

    @Override
    public Answer of(CaseId caseId, CaseDetails details) {
        return answer(RecordChecklists.evaluate(store, caseId, details));
    }

    static Answer answer(Checklist checklist) {
        if (!checklist.fitted()) {
            return new NotChecked("no records checklist fits this case, and the service keeps no general one; "
                    + "the records cannot be judged complete");
        }
        return checklist.complete() ? COMPLETE
                : new StillNeeded(checklist.stillNeeded().stream().map(i -> i.template().specialistWords()).toList());
    }
}
