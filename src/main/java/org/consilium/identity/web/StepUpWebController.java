package org.consilium.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Passkeys;
import org.consilium.identity.PendingStepUp;
import org.consilium.identity.SecondFactors;
import org.consilium.identity.SignInThrottledException;
import org.consilium.identity.StepUp;
import org.consilium.shared.FormErrors;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The browser's step-up: a guarded action refused for an old sign-in comes here, its holder gives their password (and
 * their app's code) again, or uses a passkey, or signs in again at their organization's identity provider when they
 * came by single sign-on, and goes back to the action, which now works for a few minutes.
 */
@Controller
class StepUpWebController {

    private final IdentityManagement identity;
    private final SecondFactors secondFactors;
    private final Passkeys passkeys;
    private final StepUp stepUp;

    private final org.consilium.identity.SingleSignOnSettings sso;

    StepUpWebController(IdentityManagement identity, SecondFactors secondFactors, Passkeys passkeys, StepUp stepUp,
            org.consilium.identity.SingleSignOnSettings sso) {
        this.identity = identity;
        this.passkeys = passkeys;
        this.secondFactors = secondFactors;
        this.stepUp = stepUp;
        this.sso = sso;
    }

    @GetMapping("/account/confirm")
    String page(AccessScope scope, HttpServletRequest request, Model model) {
        Optional<PendingStepUp> pending = pending(request);
        model.addAttribute("action", pending.map(PendingStepUp::action).orElse(null));
        boolean withApp = secondFactors.hasAuthenticatorApp(scope.actor().id());
        boolean withPasskey = passkeys.any(scope.actor().id());
        model.addAttribute("withApp", withApp);
        model.addAttribute("withPasskey", withPasskey);
        // An account with any second factor has recovery codes, and confirms with one of its factors, never a password.
        model.addAttribute("withCode", withApp || withPasskey);
        model.addAttribute("minutes", stepUp.maxAge().toMinutes());
        // Who signed in by their organization's identity provider confirms there, where their password is.
        HttpSession session = request.getSession(false);
        if (sso.enabled() && session != null
                && session.getAttribute(AuthenticationContext.SESSION_ATTRIBUTE) instanceof AuthenticationContext proved
                && proved.methods().contains(org.consilium.identity.AuthMethod.SINGLE_SIGN_ON)) {
            model.addAttribute("ssoName", sso.displayName());
        }
        return "account/confirm";
    }

    @PostMapping("/account/confirm")
    String confirm(AccessScope scope, @RequestParam(required = false) @Nullable String password,
            @RequestParam(required = false) @Nullable String otp, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        AuthenticationContext stepped;
        try {
            stepped = identity.stepUp(scope, password, otp, request.getRemoteAddr());
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return page(scope, request, model);
        } catch (SignInThrottledException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about("Too many wrong tries. "
                    + AccountWebController.waitInWords(e.retryAfter()), "password"));
            return page(scope, request, model);
        }
        return confirmed(stepped, request, redirect);
    }

    /** A challenge for one of the signed-in person's passkeys, to confirm it is them. */
    @PostMapping(value = "/account/confirm/passkey/options", produces = "application/json")
    @ResponseBody
    org.springframework.http.ResponseEntity<String> passkeyOptions(AccessScope scope) {
        return PasskeyWebController.options(passkeys.authenticationOptions(Passkeys.Purpose.STEP_UP,
                scope.actor().id()));
    }

    @PostMapping("/account/confirm/passkey")
    String confirmWithPasskey(AccessScope scope, @RequestParam(required = false) @Nullable String credential,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        AuthenticationContext stepped;
        try {
            stepped = identity.stepUpWithPasskey(scope, credential, request.getRemoteAddr());
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return page(scope, request, model);
        }
        return confirmed(stepped, request, redirect);
    }

    private String confirmed(AuthenticationContext stepped, HttpServletRequest request,
            RedirectAttributes redirect) {
        HttpSession session = request.getSession();
        session.setAttribute(AuthenticationContext.SESSION_ATTRIBUTE, stepped);
        Optional<PendingStepUp> pending = pending(request);
        session.removeAttribute(PendingStepUp.ATTRIBUTE);
        redirect.addFlashAttribute("notice", pending
                .map(p -> "Thank you. Now go on with " + p.actionInSentence() + ": it takes a confirmation at most "
                        + stepUp.maxAge().toMinutes() + " minutes old.")
                .orElse("Thank you: you confirmed it is you."));
        return "redirect:" + pending.map(PendingStepUp::returnTo).orElse("/account");
    }

    private static Optional<PendingStepUp> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return Optional.ofNullable(session).map(s -> s.getAttribute(PendingStepUp.ATTRIBUTE))
                .filter(PendingStepUp.class::isInstance).map(PendingStepUp.class::cast);
    }
}
