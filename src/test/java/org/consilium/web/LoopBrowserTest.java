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

    @Autowired
    org.consilium.mail.OutgoingMail mail;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    @Autowired
    org.consilium.mail.internal.MailDelivery mailDelivery;

    /** A mail sent through the outbox, so the administrators' mail page has a row and a demo-inbox card to show. */
    void mailSent(String to) {
        new org.springframework.transaction.support.TransactionTemplate(transactionManager).executeWithoutResult(
                status -> mail.send(new org.consilium.mail.Mail(to, "Confirm your e-mail address for Consilium",
                        "Hello,\n\nConfirm your address: https://consilium.example.org/verify-email/"
                                + "x".repeat(43) + "\n\nThe link works once, for 24 hours.")));
        mailDelivery.deliverDue();
    }

    @Autowired
    LoopCases loopCases;

    LoopCases loop() {
        return loopCases;
    }
}
