package org.consilium.mail;

import org.consilium.shared.Check;

/**
 * One outgoing e-mail, in plain text. Consilium's mails carry a greeting, one sentence of what happened and a link
 * to the service, never clinical content: whoever can read a mailbox, or the mail servers in between, learns only
 * that there is something to look at.
 */
public record Mail(String to, String subject, String text) {

    public Mail {
        new Check()
                .required("to", to, 254)
                .that(to == null || Check.isEmailAddress(to), "to",
                        "the recipient must be an e-mail address")
                .required("subject", subject, 200)
                .that(subject == null || !subject.contains("\n") && !subject.contains("\r"), "subject",
                        "a subject is one line")
                .required("text", text, 10_000)
                .orThrow();
    }

    /** An address as administrators see it outside the demo: its first character and its domain ({@code c…@example.org}). */
    public static String masked(String address) {
        int at = address.lastIndexOf('@');
        return at <= 0 ? "…" : address.codePoints().limit(1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "…"
                + address.substring(at);
    }
}
