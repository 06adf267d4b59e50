package org.consilium.identity.web;

import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Registration;
import org.consilium.shared.FormErrors;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sign-in and registration pages, and the texts a person accepts when registering. */
@Controller
class AccountWebController {

    private final IdentityManagement identity;
    private final org.consilium.identity.SingleSignOnSettings sso;

    AccountWebController(IdentityManagement identity, org.consilium.identity.SingleSignOnSettings sso) {
        this.identity = identity;
        this.sso = sso;
    }

    /**
     * The sign-in form; after a refused sign-in ({@code ?error}, or {@code ?locked} after an attempt that had to wait,
     * saying how long, the same for every email) the message is at the fields it concerns. It never says which of email
     * and password was wrong, so it names both. Where single sign-on is configured, a button leads to it; its refusals
     * ({@code ?sso=refused}) say the same for every reason, which only the audit trail names.
     */
    @GetMapping("/login")
    String login(@RequestParam(required = false) @Nullable String error,
            @RequestParam(required = false) @Nullable String locked, Model model) {
        if (sso.enabled()) {
            model.addAttribute("ssoName", sso.displayName());
        }
        if (locked != null) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about(
                    "Too many failed sign-ins. " + waitInWords(locked), "email"));
        } else if (error != null) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about(WRONG_CREDENTIALS, "email", "password"));
        }
        return "account/login";
    }

    /**
     * The one answer to a refused sign-in. It never says which of email and password was wrong, so it names both; and
     * someone who registered recently cannot sign in until they confirm their address, which it reminds them of in
     * the same words for everyone.
     */
    static final String WRONG_CREDENTIALS = "The email or password is wrong. If you registered recently, first "
            + "confirm your address by the link we mailed you.";

    static String waitInWords(String seconds) {
        try {
            return waitInWords(java.time.Duration.ofSeconds(Long.parseLong(seconds)));
        } catch (NumberFormatException | ArithmeticException e) {
            return "Wait a moment and try again.";
        }
    }

    /** How long to wait, in words, rounded up to whole minutes past two minutes. */
    static String waitInWords(java.time.Duration retryAfter) {
        long wait = retryAfter.toSeconds();
        if (wait <= 1) {
            return "Wait a second and try again.";
        }
        if (wait < 120) {
            return "Wait " + wait + " seconds and try again.";
        }
        return "Wait " + (wait + 59) / 60 + " minutes and try again.";
    }

    @GetMapping("/register")
    String registerForm(Model model) {
        model.addAttribute("privacyVersion", IdentityManagement.PRIVACY_NOTICE_VERSION);
        model.addAttribute("termsVersion", IdentityManagement.TERMS_VERSION);
        return "account/register";
    }

    /**
     * Registers a patient, then tells them to check their mail with the same page whether or not the email was new, so
     * the page never reveals who has an account.
     */
    @PostMapping("/register")
    String register(@RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String displayName,
            @RequestParam(required = false) @Nullable String password,
            @RequestParam(required = false, defaultValue = "false") boolean acceptedNotices, Model model,
            RedirectAttributes redirect) {
        Registration registration;
        try {
            registration = Registration.patient(email, displayName, password, acceptedNotices);
            identity.register(registration);
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e,
                    field -> "acceptPrivacyNoticeAndTerms".equals(field) ? "acceptedNotices" : field));
            model.addAttribute("email", email);
            model.addAttribute("displayName", displayName);
            return registerForm(model);
        }
        redirect.addFlashAttribute("registeredEmail", registration.email());
        return "redirect:/register/sent";
    }

    /**
     * What registration answers, for a new address and for a taken one alike: the mail tells the address's holder
     * what to do next (confirm the address, or sign in).
     */
    @GetMapping("/register/sent")
    String registered() {
        return "account/registered";
    }

    @GetMapping("/privacy")
    String privacy(Model model) {
        model.addAttribute("version", IdentityManagement.PRIVACY_NOTICE_VERSION);
        return "account/privacy";
    }

    @GetMapping("/terms")
    String terms(Model model) {
        model.addAttribute("version", IdentityManagement.TERMS_VERSION);
        return "account/terms";
    }
}
