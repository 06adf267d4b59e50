package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consilium.mail.OutgoingMail;
import org.consilium.mail.OutgoingMail.Received;
import org.consilium.mail.internal.MailDelivery;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the demo's local mail server received, for tests that follow a mailed link the way its reader would: the
 * outbox is delivered over SMTP first, then the newest mail to the address is read.
 */
@TestComponent
public class Mailbox {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private final OutgoingMail mail;
    private final MailDelivery delivery;
    private final JdbcClient jdbc;

    Mailbox(OutgoingMail mail, MailDelivery delivery, JdbcClient jdbc) {
        this.mail = mail;
        this.delivery = delivery;
        this.jdbc = jdbc;
    }

    /**
     * Every mail the address received, newest first, once every mail queued for it was delivered: by this call, or by
     * the app's own delivery run, which may hold a mail it claimed while this call looks.
     */
    public List<Received> to(String address) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        delivery.deliverDue();
        while (jdbc.sql("select count(*) from mail_outbox where recipient = ? and sent_at is null "
                + "and given_up_at is null").param(address).query(Long.class).single() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a mail to " + address + " is still not delivered");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            delivery.deliverDue();
        }
        return mail.localInbox(1000).orElseThrow().stream().filter(r -> r.to().equals(address)).toList();
    }

    /** The newest mail to the address. */
    public Received newestTo(String address) {
        List<Received> received = to(address);
        assertThat(received).as("mails to " + address).isNotEmpty();
        return received.getFirst();
    }

    /** The path (from {@code /}) of the first link in the newest mail to the address that contains the fragment. */
    public String linkTo(String address, String pathFragment) {
        Matcher links = LINK.matcher(newestTo(address).text());
        while (links.find()) {
            String link = links.group();
            if (link.contains(pathFragment)) {
                return java.net.URI.create(link).getRawPath();
            }
        }
        throw new AssertionError("no link with " + pathFragment + " in the newest mail to " + address);
    }

    /**
     * Confirms the address the way its holder would: by the link of the newest mail to it and the password chosen at
     * registration, through the API.
     */
    public void confirm(ApiClient api, String address, String password) {
        ApiClient.Response confirmed = api.post(null, "/api/v1/auth/verify-email",
                java.util.Map.of("token", secretOf(address, "/account/verify/"), "password", password));
        assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(204);
    }

    /** The secret of a link: the last part of its path. */
    public String secretOf(String address, String pathFragment) {
        String path = linkTo(address, pathFragment);
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
