package org.consilium.intake;

import java.util.List;
import org.consilium.shared.CaseId;

/**
 * Whether a case's file holds what its specialist needs: the port through which intake asks the records module,
 * which keeps the record checklists, before a coordinator marks the records complete. Intake decides with the
 * answer ({@link CasePolicy}, action {@link CaseAction#COMPLETE_RECORDS}); it never reads records itself.
 */
public interface RecordsCompleteness {

    /** What the checklist of the case, as its details describe it now, still needs. Never null. */
    Answer of(CaseId caseId, CaseDetails details);

    /** The answer: complete, the items still needed, or not known (which refuses completion, never allows it). */
    sealed interface Answer {
    }

    /** Every item of the case's checklist is satisfied by a record or waived by the coordinator. */
    record Complete() implements Answer {
    }

    /** Items neither satisfied nor waived, in the words the coordinator reads, in the checklist's order. */
    record StillNeeded(List<String> items) implements Answer {

        public StillNeeded {
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("nothing still needed is Complete");
            }
        }
    }

    /** The checklist could not be checked; the reason says why. */
    record NotChecked(String reason) implements Answer {
    }

    Answer COMPLETE = new Complete();

    /** What a case's facts hold until its records were checked: completion is refused, never allowed by default. */
    Answer NOT_CHECKED = new NotChecked("the case's records checklist has not been checked; reload the case and try "
            + "again");
}
