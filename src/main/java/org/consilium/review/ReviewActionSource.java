package org.consilium.review;

import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseActionSource;
import org.consilium.intake.CaseView;
import org.springframework.stereotype.Component;

/** The opinion actions in a case's {@code allowedActions}: {@code writeOpinion}, {@code sign}, {@code readOpinion}. */
@Component
class ReviewActionSource implements CaseActionSource {

    @Override
    public List<String> allowedActions(AccessScope scope, CaseView c) {
        return OpinionPolicy.allowedActionNames(c);
    }
}
