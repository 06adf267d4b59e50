package org.consilium.mail.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued mail over SMTP, every few seconds, in small batches. A failed attempt is retried after 1, 5, 15
 * and 60 minutes, then every 4 hours, and given up after {@link #MAX_ATTEMPTS}; each failure's reason is kept for
 * administrators. Without a mail server configured, mails wait in the queue.
 */
@Component
public class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 20;
    private static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofHours(4));

    private final MailOutbox outbox;
    private final @Nullable JavaMailSender sender;
    private final String from;
    private final TransactionTemplate transactions;
    private final Clock clock;

    @Autowired
    MailDelivery(MailOutbox outbox, ObjectProvider<JavaMailSender> sender,
            @Value("${consilium.mail.from:Consilium <no-reply@consilium.invalid>}") String from,
            PlatformTransactionManager transactionManager, Clock clock) {
        this(outbox, sender.getIfAvailable(), from, transactionManager, clock);
    }

    /** A delivery through {@code sender}, on {@code clock}'s time: the app's own, or a test's. */
    MailDelivery(MailOutbox outbox, @Nullable JavaMailSender sender, String from,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.outbox = outbox;
        this.sender = sender;
        this.from = from;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Whether a mail server is configured; without one, mails wait. */
    public boolean configured() {
        return sender != null;
    }

    @Scheduled(fixedDelayString = "${consilium.mail.delivery-interval:5s}", initialDelayString = "5s")
    void deliverOnSchedule() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("Mail delivery failed; it will be retried: {}", e.toString());
        }
    }

    /** Delivers what is due now, batch after batch; answers how many mails were sent. */
    public int deliverDue() {
        if (sender == null) {
            return 0;
        }
        int delivered = 0;
        Batch batch;
        do {
            batch = transactions.execute(status -> deliverBatch(sender));
            delivered += batch.sent();
        } while (batch.claimed() == BATCH);
        return delivered;
    }

    /** How many mails a run claimed, and how many of them left. */
    private record Batch(int claimed, int sent) {
    }

    private Batch deliverBatch(JavaMailSender sender) {
        Instant now = clock.instant();
        List<MailOutbox.Due> due = outbox.claimDue(BATCH, now);
        int sent = 0;
        for (MailOutbox.Due mail : due) {
            try {
                sender.send(message(sender, mail));
                outbox.sent(mail.id(), clock.instant());
                sent++;
            } catch (MailException | MessagingException e) {
                int attempt = mail.attempts() + 1;
                Instant retry = attempt >= MAX_ATTEMPTS ? null
                        : now.plus(BACKOFF.get(Math.min(attempt, BACKOFF.size()) - 1));
                String reason = describe(e);
                outbox.failed(mail.id(), clock.instant(), retry, reason);
                log.warn("Could not send a mail (attempt {} of {}): {}", attempt, MAX_ATTEMPTS, reason);
            }
        }
        return new Batch(due.size(), sent);
    }

    private MimeMessage message(JavaMailSender sender, MailOutbox.Due due) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(due.mail().to());
        helper.setSubject(due.mail().subject());
        helper.setText(due.mail().text(), false);
        return message;
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
