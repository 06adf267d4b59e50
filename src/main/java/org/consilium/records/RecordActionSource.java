package org.consilium.records;

import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseActionSource;
import org.consilium.intake.CaseView;
import org.springframework.stereotype.Component;

/** The record actions in a case's {@code allowedActions}: {@code uploadRecord}, {@code readRecords}. */
@Component
class RecordActionSource implements CaseActionSource {

    @Override
    public List<String> allowedActions(AccessScope scope, CaseView c) {
        return RecordPolicy.allowedActionNames(c);
    }
}
