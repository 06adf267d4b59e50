package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.consilium.Mailbox;
import org.consilium.identity.AuthenticatorApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A staff member's first day, in Chromium: invited by an administrator, they choose a password by the mailed link,
 * set up an authenticator app from its QR code's key, keep the recovery codes, and from then on sign in with a code.
 */
class StaffOnboardingBrowserTests extends BrowserTest {

    @Autowired
    Mailbox mailbox;

    @Test
    void an_invited_coordinator_sets_a_password_and_an_authenticator_app_then_signs_in_with_a_code() {
        // given an administrator who invites a coordinator from the accounts page
        String email = "cora-" + System.nanoTime() + "@example.org";
        Page admin = signedIn("admin@example.org", new com.microsoft.playwright.Browser.NewContextOptions());
        admin.navigate(url("/admin/accounts"));
        admin.locator("#invite #displayName").fill("Cora Ordinator");
        admin.locator("#invite #email").fill(email);
        admin.locator("#invite #role").selectOption("COORDINATOR");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the invitation")).click();
        assertThat(admin.getByRole(AriaRole.STATUS)).containsText("The invitation to " + email + " is sent");
        assertThat(admin.locator("#invitations")).containsText("Cora Ordinator");
        admin.context().close();

        // when the coordinator opens the mailed link and chooses a password
        BrowserContext context = browser.newContext();
        Page cora = context.newPage();
        cora.navigate(url(mailbox.linkTo(email, "/account/reset/")));
        assertThat(cora.locator("h1")).hasText("Welcome: choose your password");
        cora.getByLabel("New password").fill("harbour violet compass");
        cora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set my password")).click();
        assertThat(cora.getByRole(AriaRole.STATUS)).containsText("Your password is set");

        // and signs in, and sets up an authenticator app from the key shown under the QR code
        cora.getByLabel("Email").fill(email);
        cora.getByLabel("Password").fill("harbour violet compass");
        cora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(cora.locator("header .who")).containsText("Cora Ordinator · Coordinator");
        cora.locator("#your-account").click();
        cora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set up an authenticator app")).click();
        assertThat(cora.locator("#qr svg")).isVisible();
        AuthenticatorApp app = new AuthenticatorApp(cora.locator("#totp-secret").textContent());
        cora.getByLabel("The code your app shows").fill(app.code(0));
        cora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn on")).click();
        assertThat(cora.locator("#recovery-codes li")).hasCount(10);
        cora.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("I have saved them")).click();
        assertThat(cora.locator("#second-factor-on")).containsText("10 recovery codes left");

        // then, signed out and back, the password alone is not enough: the code is asked for, and signs her in
        cora.locator("#sign-out button").click();
        cora.getByLabel("Email").fill(email);
        cora.getByLabel("Password").fill("harbour violet compass");
        cora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(cora.locator("h1")).hasText("Type your code");
        cora.navigate(url("/cases"));
        assertThat(cora.locator("h1")).hasText("Sign in");
        cora.navigate(url("/login/code"));
        cora.getByLabel("Code").fill(app.code(1));
        cora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(cora.locator("header .who")).containsText("Cora Ordinator · Coordinator");
        assertThat(cora).hasURL(url("/cases"));
        context.close();
    }
}
