package org.consilium.web;

import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.intake.CaseManagement;
import org.consilium.matching.MatchingManagement;
import org.consilium.records.RecordManagement;
import org.consilium.review.ReviewManagement;
import org.springframework.beans.factory.annotation.Autowired;

/** A browser test that first moves cases into place through the modules' APIs ({@link LoopCases}). */
abstract class LoopBrowserTest extends BrowserTest {

    @Autowired
    CaseManagement cases;

    @Autowired
    MatchingManagement matching;

    @Autowired
    ReviewManagement review;

    @Autowired
    IdentityManagement identity;

    @Autowired
    AccessScopes scopes;

    @Autowired
    RecordManagement records;

    LoopCases loop() {
        return new LoopCases(cases, matching, review, identity, scopes, records);
    }
}
