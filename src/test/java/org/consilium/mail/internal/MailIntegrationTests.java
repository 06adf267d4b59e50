package org.consilium.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.consilium.mail.Mail;
import org.consilium.mail.OutgoingMail;
import org.consilium.mail.OutgoingMail.Queued;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Outgoing mail: queued with its transaction, delivered over SMTP to the demo's local server, retried, shown. */
@IntegrationTest
class MailIntegrationTests {

    @Autowired
    OutgoingMail mail;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MailOutbox outbox;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void a_mail_queued_in_a_committed_transaction_reaches_the_inbox_over_smtp_and_is_marked_sent() {
        // given
        String to = "mail-" + System.nanoTime() + "@example.org";

        // when
        sendInATransaction(new Mail(to,
                "You are invited to Consilium", "Set your password at https://consilium.example.org/invite/abc"));
        delivery.deliverDue();

        // then
        assertThat(mail.serverConfigured()).isTrue();
        assertThat(mail.localInbox(100).orElseThrow()).filteredOn(r -> r.to().equals(to)).singleElement()
                .satisfies(r -> {
                    assertThat(r.subject()).isEqualTo("You are invited to Consilium");
                    assertThat(r.text()).contains("https://consilium.example.org/invite/abc");
                });
        assertThat(queued(to)).satisfies(q -> {
            assertThat(q.state()).isEqualTo("sent");
            assertThat(q.attempts()).isEqualTo(1);
            assertThat(q.lastError()).isNull();
        });
        assertThat(jdbc.sql("select body from mail_outbox where recipient = ?").param(to).query(String.class)
                .single()).as("the sent mail's text, with its link, is not kept").isEmpty();
    }

    @Test
    void a_mail_of_a_transaction_that_rolls_back_is_never_queued_and_none_is_sent_without_a_transaction() {
        // given
        String to = "rolled-back-" + System.nanoTime() + "@example.org";

        // when
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            mail.send(new Mail(to, "Not to be sent", "A link"));
            status.setRollbackOnly();
        });
        delivery.deliverDue();

        // then
        assertThat(mail.recent(100)).noneMatch(q -> q.to().equals(to));
        assertThat(mail.localInbox(100).orElseThrow()).noneMatch(r -> r.to().equals(to));
        assertThatThrownBy(() -> mail.send(new Mail(to, "Outside", "A link")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void a_mail_that_cannot_be_delivered_is_retried_with_growing_delays_then_given_up_with_its_reason()
            throws IOException {
        // given a mail due only tomorrow, so the app's own delivery leaves it alone, and a delivery pointed at a
        // port where no mail server listens
        String to = "undeliverable-" + System.nanoTime() + "@example.org";
        sendInATransaction(new Mail(to, "Reset your password", "A link"));
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        jdbc.sql("update mail_outbox set next_attempt_at = ? where recipient = ?")
                .params(Timestamp.from(tomorrow), to).update();
        JavaMailSenderImpl nowhere = new JavaMailSenderImpl();
        nowhere.setHost("127.0.0.1");
        nowhere.setPort(closedPort());
        Properties timeouts = new Properties();
        timeouts.setProperty("mail.smtp.connectiontimeout", "2000");
        nowhere.setJavaMailProperties(timeouts);

        // when it is tried at its time, and then again just before and just after its next time
        Instant at = tomorrow.plusSeconds(1);
        failingAt(nowhere, at).deliverDue();
        Queued once = queued(to);
        failingAt(nowhere, once.nextAttemptAt().minusSeconds(1)).deliverDue();
        Queued stillOnce = queued(to);

        // then it failed once, keeps the reason, waits a minute, and was not tried before its time
        assertThat(once.state()).isEqualTo("retrying");
        assertThat(once.attempts()).isEqualTo(1);
        assertThat(once.lastError()).containsIgnoringCase("refused");
        assertThat(once.nextAttemptAt()).isEqualTo(at.plus(Duration.ofMinutes(1)));
        assertThat(stillOnce.attempts()).isEqualTo(1);

        // and when every later try fails too, the delays grow and it is given up after the last attempt
        Duration previous = Duration.ZERO;
        Queued current = once;
        for (int attempt = 2; attempt <= MailDelivery.MAX_ATTEMPTS; attempt++) {
            Instant tried = current.nextAttemptAt();
            failingAt(nowhere, tried).deliverDue();
            Queued next = queued(to);
            assertThat(next.attempts()).isEqualTo(attempt);
            if (attempt < MailDelivery.MAX_ATTEMPTS) {
                Duration delay = Duration.between(tried, next.nextAttemptAt());
                assertThat(delay).isGreaterThanOrEqualTo(previous);
                previous = delay;
            }
            current = next;
        }
        assertThat(current.state()).isEqualTo("given up");
        assertThat(current.givenUpAt()).isNotNull();
        assertThat(current.nextAttemptAt()).isNull();
        assertThat(previous).isEqualTo(Duration.ofHours(4));
        assertThat(mail.localInbox(100).orElseThrow()).noneMatch(r -> r.to().equals(to));
        assertThat(jdbc.sql("select body from mail_outbox where recipient = ?").param(to).query(String.class)
                .single()).as("a given-up mail's text, with its link, is not kept").isEmpty();
    }

    @Test
    void administrators_see_every_mail_s_state_and_the_demo_inbox_and_no_one_else_does() {
        // given a mail sent
        String to = "shown-" + System.nanoTime() + "@example.org";
        sendInATransaction(new Mail(to,
                "Verify your e-mail address", "Follow https://consilium.example.org/verify-email/xyz"));
        delivery.deliverDue();

        // when an administrator and a patient open the mail page
        BrowserForms admin = new BrowserForms(port);
        admin.signIn("admin@example.org", "consilium-demo");
        var page = admin.get("/admin/mail");
        BrowserForms patient = new BrowserForms(port);
        patient.signIn("patient@example.org", "consilium-demo");
        var refused = patient.get("/admin/mail");

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Outgoing mail").contains("Demo inbox").contains(to)
                .contains("https://consilium.example.org/verify-email/xyz");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(to);
        assertThat(jdbc.sql("""
                select count(*) from audit_entries e join identity_accounts a on a.id = e.actor_id
                where a.email = 'admin@example.org' and e.action = 'AdministrativeRead' and e.detail = 'GET /admin/mail'
                """).query(Long.class).single()).as("the administrator's read is on the audit trail").isPositive();
    }

    private void sendInATransaction(Mail queued) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> mail.send(queued));
    }

    private MailDelivery failingAt(JavaMailSenderImpl sender, Instant at) {
        return new MailDelivery(outbox, sender, "Consilium <no-reply@consilium.invalid>", transactionManager,
                Clock.fixed(at, ZoneOffset.UTC));
    }

    private Queued queued(String to) {
        return mail.recent(1_000).stream().filter(q -> q.to().equals(to)).findFirst().orElseThrow();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
