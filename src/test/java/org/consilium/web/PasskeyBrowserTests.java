package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.consilium.Authentications;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Registration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Passkeys in Chromium, with a virtual authenticator attached through the DevTools protocol (a platform authenticator
 * that holds discoverable credentials and verifies its user): added from the account page, used to confirm a guarded
 * action, then the whole way in without a password.
 */
class PasskeyBrowserTests extends BrowserTest {

    static final String PASSWORD = "harbour violet compass";

    @Autowired
    IdentityManagement identity;

    @Autowired
    Authentications authentications;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_patient_adds_a_passkey_confirms_with_it_and_signs_in_with_it_alone() {
        // given a patient, in a browser with a device that can hold passkeys
        String email = "pia-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Pia Passkey", PASSWORD, true));
        BrowserContext context = browser.newContext();
        Page page = context.newPage();
        Authenticator device = virtualAuthenticator(page);
        page.navigate(url("/login"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page.locator("header .who")).containsText("Pia Passkey");

        // when they add a passkey from their account page
        page.navigate(url("/account"));
        page.getByLabel("Name for the new passkey").fill("This laptop");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add a passkey")).click();

        // then the device holds it, and the recovery codes of a first second factor are shown once
        assertThat(page.locator("#passkey-added")).containsText("This laptop");
        assertThat(page.locator("#recovery-codes li")).hasCount(10);
        assertThat(device.credentials()).isEqualTo(1);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("I have saved them")).click();
        assertThat(page.locator("#passkeys")).containsText("This laptop");
        assertThat(page.locator("#second-factor-on")).containsText("10 recovery codes left");

        // when their sign-in no longer proves anything and they make a personal access token
        authentications.forgetBrowserProof(email);
        page.getByLabel("Name (what it is for)").fill("Calendar sync");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make a token")).click();

        // then they confirm with the passkey, not a password, and go back
        assertThat(page).hasURL(url("/account/confirm"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm with a passkey")).click();
        assertThat(page).hasURL(url("/account"));
        assertThat(page.locator("main > .notice")).containsText("Now go on with");

        // when they sign out and sign in with the passkey alone
        page.locator("#sign-out button").click();
        assertThat(page.locator("h1")).hasText("Sign in");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in with a passkey")).click();

        // then they are in, with no password and no second step
        assertThat(page.locator("header .who")).containsText("Pia Passkey");
        assertThat(page).hasURL(url("/cases"));
        assertThat(jdbc.sql("select count(*) from audit_entries a join identity_accounts i on i.id = a.actor_id "
                + "where i.email = ? and a.action in ('SteppedUp', 'SignedIn', 'PasskeyAdded')")
                .param(email).query(Integer.class).single()).isEqualTo(4);
        context.close();
    }

    @Test
    void a_device_without_the_passkey_signs_nobody_in_and_the_page_says_so() {
        BrowserContext context = browser.newContext();
        Page page = context.newPage();
        virtualAuthenticator(page);
        page.navigate(url("/login"));
        assertThat(page.locator("#passkey-sign-in [data-passkey-cancel]")).isHidden();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in with a passkey")).click();

        // Chromium finds no passkey of this site on the device and ends the ceremony: nobody is signed in
        assertThat(page.locator("#passkey-sign-in [data-passkey-error]")).containsText("No passkey was used");
        assertThat(page.locator("header .who")).not().containsText("·");
        context.close();
    }

    /** A virtual platform authenticator attached to a page through the DevTools protocol. */
    private record Authenticator(CDPSession cdp, String id) {

        /** How many passkeys the device holds. */
        int credentials() {
            JsonObject params = new JsonObject();
            params.addProperty("authenticatorId", id);
            return cdp.send("WebAuthn.getCredentials", params).getAsJsonArray("credentials").size();
        }
    }

    private static Authenticator virtualAuthenticator(Page page) {
        CDPSession cdp = page.context().newCDPSession(page);
        cdp.send("WebAuthn.enable");
        JsonObject options = new JsonObject();
        options.addProperty("protocol", "ctap2");
        options.addProperty("transport", "internal");
        options.addProperty("hasResidentKey", true);
        options.addProperty("hasUserVerification", true);
        options.addProperty("isUserVerified", true);
        options.addProperty("automaticPresenceSimulation", true);
        JsonObject params = new JsonObject();
        params.add("options", options);
        return new Authenticator(cdp, cdp.send("WebAuthn.addVirtualAuthenticator", params)
                .get("authenticatorId").getAsString());
    }
}
