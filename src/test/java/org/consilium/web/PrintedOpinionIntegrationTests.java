package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Media;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.Test;

/**
 * A printed opinion stands on its own: it says whom it is about and where anyone can check it, and carries none of
 * the page's navigation.
 */
class PrintedOpinionIntegrationTests extends LoopBrowserTest {

    @Test
    void a_printed_opinion_names_the_patient_and_carries_the_full_verification_address() {
        // given a signed opinion on a parent's case for their child, and one on the parent's own case
        LoopCases loop = loop();
        CaseId childsCase = loop.forChild("Lucas Santos").signed(false);
        CaseId ownCase = loop.signed(false);
        Page parent = signIn(LoopCases.PATIENT);
        parent.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));

        // when the parent prints each opinion
        parent.navigate(url("/cases/" + childsCase + "/opinion"));
        String childsCode = parent.locator(".signed code").textContent().strip();
        String childsPrint = parent.locator("body").innerText();
        parent.navigate(url("/cases/" + ownCase + "/opinion"));
        String ownCode = parent.locator(".signed code").textContent().strip();
        String ownPrint = parent.locator("body").innerText();

        // then the child's names the child, the own one the account holder, each with its full address to check it
        assertThat(childsPrint).contains("For Lucas Santos").doesNotContain("Maria Santos")
                .contains(url("/verify/" + childsCode));
        assertThat(ownPrint).contains("For Maria Santos").contains(url("/verify/" + ownCode));
        // and without the site's navigation or the link back
        assertThat(ownPrint).doesNotContain("Sign out").doesNotContain("Back to the case");
        assertThat(parent.locator("header.site")).isHidden();
        parent.context().close();
    }
}
