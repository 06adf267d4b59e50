package org.consilium.mail.web;

import org.consilium.mail.Mail;
import org.consilium.mail.OutgoingMail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /admin/mail}, for administrators: every recent mail's delivery state, with the reason a delivery failed,
 * and in the demo the local mail server's inbox, where invitation and reset links can be followed.
 */
@Controller
class MailAdminController {

    private static final int SHOWN = 100;

    private final OutgoingMail mail;

    MailAdminController(OutgoingMail mail) {
        this.mail = mail;
    }

    @GetMapping("/admin/mail")
    String mail(Model model) {
        // Outside the demo, the recipients are not shown whole: an administrator who invited an address must not learn
        // from the outbox what mail it got, nor who asked for a reset.
        var inbox = mail.localInbox(SHOWN);
        var queued = mail.recent(SHOWN);
        model.addAttribute("queued", inbox.isPresent() ? queued
                : queued.stream().map(q -> q.withRecipient(Mail.masked(q.to()))).toList());
        model.addAttribute("serverConfigured", mail.serverConfigured());
        model.addAttribute("inbox", inbox.orElse(null));
        return "admin/mail";
    }
}
