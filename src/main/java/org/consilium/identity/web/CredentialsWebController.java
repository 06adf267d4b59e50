package org.consilium.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.AccountSecurity;
import org.consilium.identity.AuthMethod;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.SecondFactorPolicy;
import org.consilium.identity.SecondFactors;
import org.consilium.identity.SignInThrottledException;
import org.consilium.shared.Check;
import org.consilium.shared.FormErrors;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages behind the links Consilium mails (confirm an address, choose a new password) and the account page, where
 * a signed-in person changes their password. A mailed link is opened by a page with a button, never acted on by the
 * opening itself: mail scanners open links too, and must not spend them or sign anyone in.
 */
@Controller
@RequestMapping("/account")
class CredentialsWebController {

    private final AccountSecurity security;
    private final IdentityManagement identity;

    private final SecondFactors secondFactors;
    private final org.consilium.identity.Passkeys passkeys;
    private final org.consilium.identity.CenterAdministrators centerAdministrators;
    private final SecondFactorPolicy secondFactorPolicy;
    private final org.consilium.identity.PersonalTokens personalTokens;
    private final org.consilium.identity.AccessScopes scopes;
    private final java.time.Clock clock;

    CredentialsWebController(AccountSecurity security, IdentityManagement identity, SecondFactors secondFactors,
            org.consilium.identity.Passkeys passkeys, org.consilium.identity.CenterAdministrators centerAdministrators,
            SecondFactorPolicy secondFactorPolicy,
            org.consilium.identity.PersonalTokens personalTokens, org.consilium.identity.AccessScopes scopes,
            java.time.Clock clock) {
        this.clock = clock;
        this.passkeys = passkeys;
        this.centerAdministrators = centerAdministrators;
        this.personalTokens = personalTokens;
        this.scopes = scopes;
        this.security = security;
        this.identity = identity;
        this.secondFactors = secondFactors;
        this.secondFactorPolicy = secondFactorPolicy;
    }

    /** The confirmation page: names the address, and asks for the password chosen at registration. */
    @GetMapping("/verify/{secret}")
    String verifyPage(@PathVariable String secret, Model model, HttpServletResponse response) {
        Optional<String> address = security.addressToConfirm(secret);
        if (address.isEmpty()) {
            return deadLink(model, response);
        }
        model.addAttribute("token", secret);
        model.addAttribute("address", address.get());
        return "account/verify";
    }

    /** Confirms the address and signs its holder in: they read the mail, and know the password. */
    @PostMapping("/verify")
    String verify(@RequestParam(required = false) @Nullable String token,
            @RequestParam(required = false) @Nullable String password, HttpServletRequest request,
            HttpServletResponse response, RedirectAttributes redirect, Model model) {
        Optional<AccountDetails> account;
        try {
            account = security.verifyEmail(token, password, request.getRemoteAddr());
        } catch (InvalidInputException e) {
            if (e.violations().stream().anyMatch(v -> "token".equals(v.field()))) {
                return deadLink(model, response);
            }
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return verifyPage(java.util.Objects.requireNonNull(token), model, response);
        } catch (SignInThrottledException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about("Too many wrong passwords. "
                    + AccountWebController.waitInWords(e.retryAfter()), "password"));
            return verifyPage(java.util.Objects.requireNonNull(token), model, response);
        }
        if (account.isEmpty() || account.get().secondFactor()) {
            // Suspended, or signing in with a second factor: the sign-in form takes it from here.
            redirect.addFlashAttribute("notice", "Thank you: your e-mail address is confirmed. Sign in to go on.");
            return "redirect:/login";
        }
        BrowserSignIn.signIn(account.get(), AuthenticationContext.of(clock.instant(), AuthMethod.EMAIL_LINK,
                AuthMethod.PASSWORD), request, response);
        identity.signedIn(account.get(), request.getRemoteAddr(), "email-link");
        redirect.addFlashAttribute("notice", "Thank you: your e-mail address is confirmed, and you are signed in.");
        return "redirect:/cases";
    }

    @GetMapping("/reset")
    String resetRequestPage() {
        return "account/reset-request";
    }

    /** Mails a reset link when the address has an account; the answer is the same either way. */
    @PostMapping("/reset")
    String requestReset(@RequestParam(required = false) @Nullable String email, Model model) {
        try {
            new Check().required("email", email, 254).orThrow();
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return "account/reset-request";
        }
        security.requestPasswordReset(email);
        model.addAttribute("sentTo", email.strip());
        return "account/reset-request";
    }

    /**
     * The page to choose a password by a mailed link: a newcomer's first (an invitation) or a new one. The secret goes
     * on in a hidden field, never in the address the form posts to, so no log or refusal record of the post holds it.
     */
    @GetMapping("/reset/{secret}")
    String resetPage(@PathVariable String secret, Model model, HttpServletResponse response) {
        Optional<AccountSecurity.PasswordLink> link = security.passwordLink(secret);
        if (link.isEmpty()) {
            return deadLink(model, response);
        }
        model.addAttribute("token", secret);
        model.addAttribute("firstPassword", link.get() == AccountSecurity.PasswordLink.FIRST_PASSWORD);
        return "account/reset";
    }

    @PostMapping("/reset/confirm")
    String reset(@RequestParam(required = false) @Nullable String token,
            @RequestParam(required = false) @Nullable String newPassword, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            security.resetPassword(token, newPassword);
        } catch (InvalidInputException e) {
            if (token == null || e.violations().stream().anyMatch(v -> "token".equals(v.field()))) {
                return deadLink(model, response);
            }
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return resetPage(token, model, response);
        }
        redirect.addFlashAttribute("notice", "Your password is set, and every earlier sign-in to your account has "
                + "ended. Sign in with it.");
        return "redirect:/login";
    }

    @GetMapping
    String accountPage() {
        return "account/settings";
    }

    /** Makes a personal access token and shows it, this once, on the account page. */
    @PostMapping("/personal-tokens")
    String createPersonalToken(AccessScope scope, @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String tokenScope,
            @RequestParam(required = false) @Nullable Integer expiresInDays, Model model) {
        try {
            model.addAttribute("createdToken", personalTokens.create(scope, name, tokenScope, expiresInDays));
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> "token-" + field));
        }
        // The list again, with the new token in it.
        model.addAttribute("personalTokens", personalTokens.list(scope));
        return accountPage();
    }

    @PostMapping("/personal-tokens/{id}/revocation")
    String revokePersonalToken(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        personalTokens.revoke(scope, org.consilium.shared.Ids.parse(id, "token"));
        redirect.addFlashAttribute("notice", "The token is revoked; it no longer works.");
        return "redirect:/account";
    }

    /** Options to make a passkey for the signed-in account; refused (to the confirmation page) for an old sign-in. */
    @PostMapping(value = "/passkeys/options", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<String> registrationOptions(AccessScope scope) {
        return PasskeyWebController.options(passkeys.registrationOptions(scope));
    }

    /** Adds the passkey the device made; a first second factor shows its recovery codes, this once. */
    @PostMapping("/passkeys")
    String add(AccessScope scope, @RequestParam(required = false) @Nullable String label,
            @RequestParam(required = false) @Nullable String credential, Model model, RedirectAttributes redirect) {
        org.consilium.identity.Passkeys.Added added;
        try {
            added = passkeys.register(scope, label, credential);
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return accountPage();
        } catch (org.consilium.shared.DomainException refused) {
            redirect.addFlashAttribute("error", FormErrors.sentence(refused.reason()));
            return "redirect:/account";
        }
        if (!added.recoveryCodes().isEmpty()) {
            model.addAttribute("recoveryCodes", added.recoveryCodes());
            model.addAttribute("passkeyAdded", added.label());
            return "account/recovery-codes";
        }
        redirect.addFlashAttribute("notice", "Your passkey “" + added.label() + "” is added: sign in with it, "
                + "or confirm who you are with it.");
        return "redirect:/account";
    }

    @PostMapping("/passkeys/{id}/removal")
    String remove(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        try {
            passkeys.remove(scope, id);
        } catch (org.consilium.shared.NotFoundException gone) {
            redirect.addFlashAttribute("error", "That passkey was removed already.");
            return "redirect:/account";
        }
        boolean stillTwoStep = passkeys.any(scope.actor().id())
                || secondFactors.hasAuthenticatorApp(scope.actor().id());
        redirect.addFlashAttribute("notice", "The passkey is removed: it signs nobody in any more. Remove it from "
                + "the device too, in its settings." + (stillTwoStep ? "" : " Two-step sign-in is off now: add a "
                + "passkey or set up an authenticator app to turn it back on."));
        return "redirect:/account";
    }
    @ModelAttribute("email")
    @Nullable String email(@AuthenticationPrincipal @Nullable AccountDetails account) {
        return account == null ? null : account.email();
    }

    /** What the account page shows of the signed-in person's sign-in: second factor, personal tokens. */
    @ModelAttribute
    void accountState(@AuthenticationPrincipal @Nullable AccountDetails account, Model model) {
        if (account != null) {
            model.addAttribute("personalTokens", personalTokens.list(scopes.of(account)));
            model.addAttribute("now", java.time.Instant.now());
            model.addAttribute("secondFactor", account.secondFactor());
            model.addAttribute("hasApp", secondFactors.hasAuthenticatorApp(account.actor().id()));
            model.addAttribute("passkeys", passkeys.list(account.actor().id()));
            model.addAttribute("administersACenter", centerAdministrators.administersACenter(account.actor().id()));
            model.addAttribute("mustEnrol", secondFactorPolicy.mustEnrol(account));
            model.addAttribute("recoveryCodesLeft", account.secondFactor()
                    ? secondFactors.recoveryCodesLeft(account.actor().id()) : 0);
        }
    }

    /** Changes the password; the caller stays signed in, every other session and token of the account ends. */
    @PostMapping("/password")
    String changePassword(AccessScope scope, @RequestParam(required = false) @Nullable String currentPassword,
            @RequestParam(required = false) @Nullable String newPassword, HttpServletRequest request,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        AccountDetails changed;
        try {
            changed = security.changePassword(scope, currentPassword, newPassword, null, request.getRemoteAddr());
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return "account/settings";
        } catch (SignInThrottledException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about("Too many wrong passwords. "
                    + AccountWebController.waitInWords(e.retryAfter()), "currentPassword"));
            return "account/settings";
        }
        // The same person goes on, as they proved they were at sign-in or step-up.
        BrowserSignIn.signIn(changed, null, request, response);
        redirect.addFlashAttribute("notice", "Your password is changed. Every other sign-in to your account has "
                + "ended; you stay signed in here.");
        return "redirect:/account";
    }

    private static String deadLink(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_GONE);
        model.addAttribute("error", AccountSecurity.DEAD_LINK);
        return "account/link-dead";
    }
}
