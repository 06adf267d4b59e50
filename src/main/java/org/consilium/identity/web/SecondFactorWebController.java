package org.consilium.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.AuthMethod;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Passkeys;
import org.consilium.identity.PendingSecondFactor;
import org.consilium.identity.SecondFactors;
import org.consilium.identity.SignInThrottledException;
import org.consilium.shared.DomainException;
import org.consilium.shared.FormErrors;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The second step of a browser sign-in (the code of the account's authenticator app, a recovery code, or a passkey),
 * and setting up an authenticator app from the account page.
 */
@Controller
class SecondFactorWebController {

    private final SecondFactors secondFactors;
    private final Passkeys passkeys;
    private final IdentityManagement identity;
    private final Clock clock;

    SecondFactorWebController(SecondFactors secondFactors, Passkeys passkeys, IdentityManagement identity,
            Clock clock) {
        this.secondFactors = secondFactors;
        this.passkeys = passkeys;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * The second step's page, while a sign-in waits for it: a code field for an account with an app (or recovery codes),
     * a passkey button for one with passkeys; otherwise back to the sign-in form.
     */
    @GetMapping("/login/code")
    String codePage(HttpServletRequest request, Model model) {
        Optional<PendingSecondFactor> pending = pending(request);
        if (pending.isEmpty()) {
            return "redirect:/login?expired";
        }
        return codePage(pending.get(), model);
    }

    private String codePage(PendingSecondFactor pending, Model model) {
        model.addAttribute("withApp", secondFactors.hasAuthenticatorApp(pending.account()));
        model.addAttribute("withPasskey", passkeys.any(pending.account()));
        return "account/code";
    }

    /** A challenge for the passkeys of the account whose password was right, and only theirs. */
    @PostMapping(value = "/login/code/passkey/options", produces = "application/json")
    @ResponseBody
    ResponseEntity<String> passkeyOptions(HttpServletRequest request) {
        return pending(request).map(p -> PasskeyWebController.options(passkeys.authenticationOptions(
                Passkeys.Purpose.SECOND_FACTOR, p.account()))).orElse(ResponseEntity.status(409).build());
    }

    /** The second step by a passkey of the account whose password was right. */
    @PostMapping("/login/code/passkey")
    String passkey(@RequestParam(required = false) @Nullable String credential, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PendingSecondFactor> pending = pending(request);
        if (pending.isEmpty()) {
            return "redirect:/login?expired";
        }
        try {
            passkeys.verify(Passkeys.Purpose.SECOND_FACTOR, pending.get().account(), credential, "browser",
                    request.getRemoteAddr());
        } catch (Passkeys.RefusedException refused) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about("Your passkey did not sign you in. Try again, "
                    + "or use a recovery code.", "passkey"));
            return codePage(pending.get(), model);
        }
        Optional<AccountDetails> account = identity.usableAccount(pending.get().account());
        if (account.isEmpty()) {
            request.getSession().removeAttribute(PendingSecondFactor.ATTRIBUTE);
            return "redirect:/login?error";
        }
        return signedIn(pending.get(), account.get(), AuthMethod.PASSKEY, "passkey", request, response);
    }

    @PostMapping("/login/code")
    String code(@RequestParam(required = false) @Nullable String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PendingSecondFactor> pending = pending(request);
        if (pending.isEmpty()) {
            return "redirect:/login?expired";
        }
        Optional<AccountDetails> account = identity.usableAccount(pending.get().account());
        if (account.isEmpty()) {
            request.getSession().removeAttribute(PendingSecondFactor.ATTRIBUTE);
            return "redirect:/login?error";
        }
        try {
            if (secondFactors.check(account.get().actor().id(), code, request.getRemoteAddr(), "browser")
                    .isPresent()) {
                model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about("That code is wrong, or was used "
                        + "already. Type the code your app shows now, or an unused recovery code.", "code"));
                return codePage(pending.get(), model);
            }
        } catch (SignInThrottledException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about("Too many wrong codes. "
                    + AccountWebController.waitInWords(e.retryAfter()), "code"));
            return codePage(pending.get(), model);
        }
        return signedIn(pending.get(), account.get(), SecondFactors.methodOf(java.util.Objects.requireNonNull(code)),
                "second-factor", request, response);
    }

    /**
     * Finishes a sign-in whose second step was good: the pending step ends, the browser is signed in by both factors,
     * and the sign-in is recorded (channel {@code browser+…}, or {@code sso+…} after the identity provider).
     */
    private String signedIn(PendingSecondFactor pending, AccountDetails account, AuthMethod second, String channel,
            HttpServletRequest request, HttpServletResponse response) {
        request.getSession().removeAttribute(PendingSecondFactor.ATTRIBUTE);
        AuthMethod first = pending.firstFactor();
        BrowserSignIn.signIn(account, AuthenticationContext.of(clock.instant(), first, second), request, response);
        identity.signedIn(account, request.getRemoteAddr(),
                (first == AuthMethod.SINGLE_SIGN_ON ? "sso" : "browser") + "+" + channel);
        return "redirect:" + pending.returnTo();
    }

    private Optional<PendingSecondFactor> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return Optional.ofNullable(session)
                .map(s -> s.getAttribute(PendingSecondFactor.ATTRIBUTE))
                .filter(PendingSecondFactor.class::isInstance)
                .map(PendingSecondFactor.class::cast)
                .filter(p -> p.liveAt(clock.instant()));
    }

    /** Starts setting up an authenticator app: the page shows its key as a QR code and as text. */
    @PostMapping("/account/second-factor")
    String start(AccessScope scope, Model model, RedirectAttributes redirect) {
        try {
            model.addAttribute("enrolment", secondFactors.startTotp(scope));
        } catch (DomainException refused) {
            redirect.addFlashAttribute("error", FormErrors.sentence(refused.reason()));
            return "redirect:/account";
        }
        return "account/totp";
    }

    /** Finishes setting up the app with its first code; the recovery codes are shown this once. */
    @PostMapping("/account/second-factor/confirm")
    String confirm(AccessScope scope, @RequestParam(required = false) @Nullable String code, Model model,
            RedirectAttributes redirect) {
        List<String> recoveryCodes;
        try {
            recoveryCodes = secondFactors.confirmTotp(scope, code);
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            Optional<SecondFactors.Enrolment> underWay = secondFactors.enrolmentUnderWay(scope);
            if (underWay.isEmpty()) {
                return "redirect:/account";
            }
            model.addAttribute("enrolment", underWay.get());
            return "account/totp";
        } catch (DomainException refused) {
            redirect.addFlashAttribute("error", FormErrors.sentence(refused.reason()));
            return "redirect:/account";
        }
        model.addAttribute("recoveryCodes", recoveryCodes);
        return "account/recovery-codes";
    }
}
