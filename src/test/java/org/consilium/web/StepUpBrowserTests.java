package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signing an opinion in the browser on a sign-in whose proof has lapsed: the specialist is asked to confirm who they
 * are, nothing they wrote is lost, and they come back to the opinion to sign it.
 */
class StepUpBrowserTests extends LoopBrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.consilium.Authentications authentications;

    @Test
    void an_old_sign_in_is_asked_to_confirm_before_signing_and_comes_back_to_the_opinion() {
        // given a draft that answers every question, and the oncologist's browser whose sign-in no longer proves
        // anything (its authentication is gone from the session, as one from before this version, or lapsed)
        CaseId id = loop().drafted(false);
        Page oncologist = signIn(LoopCases.ONCOLOGIST);
        oncologist.navigate(url("/cases/" + id + "/opinion/edit"));
        String summary = "Your diagnosis is right; a lapsed sign-in loses none of this.";
        oncologist.getByLabel("Summary for the patient, in plain language").fill(summary);
        authentications.forgetBrowserProof(LoopCases.ONCOLOGIST);

        // when they sign
        oncologist.getByLabel("I have reviewed this opinion").check();
        oncologist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign and deliver")).click();

        // then they are asked to confirm who they are, for signing, and a wrong password is refused
        assertThat(oncologist).hasURL(url("/account/confirm"));
        assertThat(oncologist.locator("#step-up-reason")).containsText("Signing the opinion");
        oncologist.getByLabel("Your password").fill("not my password");
        oncologist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
        assertThat(oncologist.locator(".field-error")).containsText("The password is wrong");

        // and with the right one they are back at the opinion, which kept what they wrote, and can sign it
        oncologist.getByLabel("Your password").fill(org.consilium.ApiClient.DEMO_PASSWORD);
        oncologist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
        assertThat(oncologist).hasURL(url("/cases/" + id + "/opinion/edit"));
        assertThat(oncologist.locator("main > .notice")).containsText("Now go on with signing the opinion");
        assertThat(oncologist.getByLabel("Summary for the patient, in plain language")).hasValue(summary);
        oncologist.getByLabel("I have reviewed this opinion").check();
        oncologist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign and deliver")).click();
        assertThat(oncologist.locator(".signed")).containsText("Signed by Dr. Elena Marchetti");
        assertThat(jdbc.sql("select authentication_method from review_opinions where case_id = ?")
                .param(id.value()).query(String.class).single()).isEqualTo("password");
        assertThat(jdbc.sql("select count(*) from audit_entries where action = 'SteppedUp' and actor_id = "
                + "(select id from identity_accounts where email = ?)").param(LoopCases.ONCOLOGIST)
                .query(Integer.class).single()).isPositive();
    }
}
