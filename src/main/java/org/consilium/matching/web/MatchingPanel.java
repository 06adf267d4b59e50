package org.consilium.matching.web;

import java.util.List;
import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseAction;
import org.consilium.intake.CasePagePanel;
import org.consilium.intake.CaseView;
import org.consilium.matching.MatchingManagement;
import org.consilium.matching.Offer;
import org.consilium.matching.Specialist;
import org.consilium.shared.Specialty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The matching part of the case page: the coordinator's offer form and offers, the specialist's answer. */
@Component
@Order(30)
class MatchingPanel implements CasePagePanel {

    private final MatchingManagement matching;

    MatchingPanel(MatchingManagement matching) {
        this.matching = matching;
    }

    /** What the panel's template reads, under {@code matchingPanel}. */
    record View(boolean canOffer, boolean canAnswer, List<Offer> offers, List<Specialty> specialties,
            Specialty specialty, List<Specialist> specialists) {
    }

    @Override
    public void addTo(AccessScope scope, CaseView c, Map<String, Object> model) {
        boolean canOffer = c.may(CaseAction.OFFER);
        Specialty specialty = c.details().specialty();
        model.put("matchingPanel", new View(canOffer, c.may(CaseAction.ACCEPT_OFFER),
                MatchingManagement.mayReadOffers(c).isAllowed() ? matching.offers(scope, c) : List.of(),
                Specialty.practised(), specialty, canOffer ? matching.directory(specialty) : List.of()));
    }
}
