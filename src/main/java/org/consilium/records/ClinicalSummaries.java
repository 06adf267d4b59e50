package org.consilium.records;

import java.util.Optional;
import org.consilium.identity.AccessScope;
import org.consilium.identity.CaseVisibility;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.records.RecordPolicy.RecordAction;
import org.consilium.records.internal.imports.ClinicalStore;
import org.consilium.shared.CaseId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The clinical summary of a case: the structured data of its imported records. It is record content, so whoever may
 * read the records' content may read it (the patient, those they let in, the case's coordinator, the reviewing
 * specialist), and every read is audited.
 */
@Service
public class ClinicalSummaries {

    /** How a read of the summary is named on the audit trail. */
    static final String READ = "clinical summary";

    private final CaseManagement cases;
    private final CaseVisibility visibility;
    private final ClinicalStore store;

    ClinicalSummaries(CaseManagement cases, CaseVisibility visibility, ClinicalStore store) {
        this.cases = cases;
        this.visibility = visibility;
        this.store = store;
    }

    /**
     * The case's clinical summary.
     *
     * @throws org.consilium.shared.NotFoundException when the caller may not see the case
     * @throws org.consilium.shared.ForbiddenActionException when they see it but may not read its records' content (a
     *     specialist who has only been offered the case)
     */
    @Transactional
    public ClinicalSummary of(AccessScope scope, CaseId caseId) {
        CaseView c = cases.access(scope, caseId, "read clinical summary");
        cases.enforce(scope, caseId, "read clinical summary", RecordPolicy.decide(c, RecordAction.READ_CONTENT));
        ClinicalSummary summary = store.summary(caseId);
        visibility.read(scope, caseId, READ);
        return summary;
    }

    /**
     * The summary for the case page, read with the case the caller already holds: empty when they may not read the
     * records' content (nothing is refused or audited then: the page simply has no summary), and when no record was
     * imported. A summary shown is an audited read.
     */
    @Transactional
    public Optional<ClinicalSummary> forPage(AccessScope scope, CaseView c) {
        if (!RecordPolicy.decide(c, RecordAction.READ_CONTENT).isAllowed()) {
            return Optional.empty();
        }
        ClinicalSummary summary = store.summary(c.id());
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        visibility.read(scope, c.id(), READ);
        return Optional.of(summary);
    }
}
