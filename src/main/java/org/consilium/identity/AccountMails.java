package org.consilium.identity;

import java.time.Duration;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.mail.Mail;
import org.consilium.mail.OutgoingMail;
import org.consilium.shared.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * The mails an account holder gets about their account. Each says what happened in a sentence and carries a link;
 * none says anything about a case, so a mailbox or a mail server in between learns only that there is an account.
 */
@Component
class AccountMails {

    static final String VERIFY_PATH = "/account/verify/";
    static final String RESET_PATH = "/account/reset/";
    static final String RESET_REQUEST_PATH = "/account/reset";
    static final String SIGN_IN_PATH = "/login";
    static final String INVITATION_SUBJECT = "You are invited to Consilium";

    private final OutgoingMail mail;
    private final PublicLinks links;

    AccountMails(OutgoingMail mail, PublicLinks links) {
        this.mail = mail;
        this.links = links;
    }

    void confirmAddress(AccountRow to, String secret, Duration lifetime) {
        mail.send(new Mail(to.email(), "Confirm your e-mail address for Consilium", greeting(to) + """
                Please confirm that this is your e-mail address, so that we can reach you about your case. \
                Open this link within %s:

                %s

                If you did not create a Consilium account, ignore this mail; nothing will happen.
                """.formatted(inWords(lifetime), links.resolve(VERIFY_PATH + secret)) + SIGNATURE));
    }

    void resetPassword(AccountRow to, String secret, Duration lifetime) {
        mail.send(new Mail(to.email(), "Choose a new Consilium password", greeting(to) + """
                Someone, we hope you, asked to reset the password of your Consilium account. Open this link \
                within %s to choose a new one:

                %s

                The link works once. If you did not ask for it, ignore this mail: your password stays as it is.
                """.formatted(inWords(lifetime), links.resolve(RESET_PATH + secret)) + SIGNATURE));
    }

    void registeredAgain(AccountRow to) {
        mail.send(new Mail(to.email(), "Someone tried to register your e-mail address at Consilium", greeting(to) + """
                Someone, perhaps you, tried to create a Consilium account with this e-mail address, which already \
                has one. No second account was made.

                To sign in: %s
                If you forgot your password, choose a new one here: %s

                If it was not you, you need not do anything.
                """.formatted(links.resolve(SIGN_IN_PATH), links.resolve(RESET_REQUEST_PATH)) + SIGNATURE));
    }

    void finishRegistration(AccountRow to, String secret, Duration lifetime) {
        mail.send(new Mail(to.email(), "Finish creating your Consilium account", greeting(to) + """
                Someone, perhaps you, asked again to create a Consilium account with this e-mail address. To finish, \
                choose your password by this link within %s; it also confirms that the address is yours:

                %s

                If you did not ask for an account, ignore this mail; nothing will happen.
                """.formatted(inWords(lifetime), links.resolve(RESET_PATH + secret)) + SIGNATURE));
    }

    void invitation(AccountRow to, String inviter, String secret, Duration lifetime) {
        mail.send(new Mail(to.email(), INVITATION_SUBJECT, greeting(to) + """
                %s invited you to Consilium, the second-opinion service, as %s. To accept, choose your password by \
                this link within %s:

                %s

                If you did not expect this invitation, ignore this mail; nothing will happen.
                """.formatted(inviter, article(to.role().label()), inWords(lifetime),
                links.resolve(RESET_PATH + secret)) + SIGNATURE));
    }

    void invitedAgain(AccountRow to, org.consilium.identity.Role role) {
        // The subject of every invitation, so nothing in the outbox tells an invitation to a taken address apart.
        mail.send(new Mail(to.email(), INVITATION_SUBJECT, greeting(to) + """
                An administrator of Consilium invited this e-mail address as %s, but it has an account already, so \
                nothing changed. If your account should have that role, tell the administrator: they can change \
                the role of your account.

                To sign in: %s
                """.formatted(article(role.label()), links.resolve(SIGN_IN_PATH)) + SIGNATURE));
    }

    /**
     * A patient let the holder of a new account into one of their cases. Names the patient, as they asked, so the
     * mail is recognised, and says nothing of the case.
     */
    void delegateInvitation(AccountRow to, String patient, String kind, String secret, Duration lifetime) {
        mail.send(new Mail(to.email(), SHARED_SUBJECT, greeting(to) + """
                %s invited you, as their %s, to follow their case on Consilium, the second-opinion service. To \
                accept, choose your password by this link within %s:

                %s

                If you do not know %s, ignore this mail; nothing will happen.
                """.formatted(patient, kind.toLowerCase(java.util.Locale.ROOT), inWords(lifetime),
                links.resolve(RESET_PATH + secret), patient) + SIGNATURE));
    }

    /**
     * Tells a patient someone was let into one of their cases, so one who did not do it learns at once (their
     * session or their password in someone else's hands). Names the person let in, nothing of the case.
     */
    void delegateAdded(AccountRow to, String delegate, String email) {
        mail.send(new Mail(to.email(), "You let someone follow your case on Consilium", greeting(to) + """
                You let %s (%s) follow one of your cases on Consilium. You can see everyone you let in, and end \
                their access, on the case's page: %s

                If it was not you, end their access there and choose a new password: %s
                """.formatted(delegate, email, links.resolve("/cases"), links.resolve(RESET_REQUEST_PATH))
                + SIGNATURE));
    }

    /** A patient let the holder of an existing account into one of their cases. */
    void caseShared(AccountRow to, String patient) {
        mail.send(new Mail(to.email(), SHARED_SUBJECT, greeting(to) + """
                %s invited you to follow their case on Consilium, the second-opinion service. Sign in to see it \
                among your cases:

                %s

                If you do not know %s, you need not do anything.
                """.formatted(patient, links.resolve(SIGN_IN_PATH), patient) + SIGNATURE));
    }

    /** "a coordinator", "an administrator". */
    private static String article(String label) {
        String lower = label.toLowerCase(java.util.Locale.ROOT);
        return ("aeiou".indexOf(lower.charAt(0)) >= 0 ? "an " : "a ") + lower;
    }

    void passwordChanged(AccountRow to) {
        mail.send(new Mail(to.email(), "Your Consilium password was changed", greeting(to) + """
                The password of your Consilium account was just changed, and every other sign-in to it was ended.

                If you did not change it, choose a new password at once: %s
                """.formatted(links.resolve(RESET_REQUEST_PATH)) + SIGNATURE));
    }

    /**
     * A way in was added to or removed from the account (a passkey): its holder learns at once if it was not them.
     *
     * @param what what happened, as a sentence's end: "was added to your account: “My phone”"
     */
    void signInChanged(AccountRow to, String what) {
        mail.send(new Mail(to.email(), "A passkey of your Consilium account changed", greeting(to) + """
                A passkey %s.

                If you did not do this, someone else may be using your account: sign in, remove the passkeys you do
                not know on your account page (%s), and choose a new password.
                """.formatted(what, links.resolve("/account")) + SIGNATURE));
    }

    private static String greeting(AccountRow to) {
        return "Hello " + to.displayName() + ",\n\n";
    }

    private static final String SIGNATURE = "\nConsilium\n";
    /** The subject of every mail that lets someone into a case, new account or not. */
    private static final String SHARED_SUBJECT = "A patient invited you to follow their case on Consilium";

    /** "3 days", "24 hours", "1 hour", "30 minutes". */
    static String inWords(Duration lifetime) {
        long days = lifetime.toDays();
        if (days >= 2 && lifetime.equals(Duration.ofDays(days))) {
            return days + " days";
        }
        long hours = lifetime.toHours();
        if (hours > 0 && lifetime.equals(Duration.ofHours(hours))) {
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        long minutes = Math.max(1, lifetime.toMinutes());
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
}
