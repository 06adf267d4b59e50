package org.consilium.review.web;

import java.util.List;
import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CasePagePanel;
import org.consilium.intake.CaseView;
import org.consilium.review.Opinion;
import org.consilium.review.ReviewManagement;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The opinion panel of the case page: a link to the signed opinion, or to the reviewer's draft. */
@Component
@Order(20)
class OpinionPanel implements CasePagePanel {

    private final ReviewManagement review;

    OpinionPanel(ReviewManagement review) {
        this.review = review;
    }

    /** What the panel's template reads, under {@code opinionPanel}. */
    record View(@Nullable Opinion opinion, List<String> allowedActions) {

        public boolean may(String action) {
            return allowedActions.contains(action);
        }
    }

    @Override
    public void addTo(AccessScope scope, CaseView c, Map<String, Object> model) {
        model.put("opinionPanel", new View(review.opinion(scope, c).orElse(null), review.allowedActions(c)));
    }
}
