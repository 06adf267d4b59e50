package org.consilium.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.consilium.mail.internal.DemoInbox;
import org.consilium.mail.internal.MailDelivery;
import org.consilium.mail.internal.MailOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way out for e-mail. {@link #send} queues a mail in the caller's transaction: it leaves only if that
 * transaction commits, and then within seconds, by whichever app instance gets to it first; a failed delivery is
 * retried with growing delays, and administrators see every mail's state ({@link #recent}).
 */
@Service
public class OutgoingMail {

    private final MailOutbox outbox;
    private final MailDelivery delivery;
    private final @Nullable DemoInbox localInbox;

    OutgoingMail(MailOutbox outbox, MailDelivery delivery, ObjectProvider<DemoInbox> localInbox) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.localInbox = localInbox.getIfAvailable();
    }

    /** Queues the mail in the current transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void send(Mail mail) {
        outbox.queue(mail);
    }

    /** The most recently queued mails, newest first, with their delivery state: for administrators. */
    @Transactional(readOnly = true)
    public List<Queued> recent(int limit) {
        return outbox.recent(limit);
    }

    /** Whether a mail server is configured: without one, mails wait in the queue. */
    public boolean serverConfigured() {
        return delivery.configured();
    }

    /** What the demo's local mail server received, newest first; empty when the app sends to a real server. */
    public Optional<List<Received>> localInbox(int limit) {
        return Optional.ofNullable(localInbox).map(inbox -> inbox.newestFirst(limit));
    }

    /** A mail the demo's local mail server received. */
    public record Received(String to, String subject, String text, Instant receivedAt) {
    }

    /** A queued mail and how its delivery went. */
    public record Queued(String to, String subject, Instant queuedAt, int attempts, @Nullable Instant sentAt,
            @Nullable Instant nextAttemptAt, @Nullable Instant givenUpAt, @Nullable String lastError) {

        /** The same mail, its recipient shown as given. */
        public Queued withRecipient(String shown) {
            return new Queued(shown, subject, queuedAt, attempts, sentAt, nextAttemptAt, givenUpAt, lastError);
        }

        public String state() {
            if (sentAt != null) {
                return "sent";
            }
            if (givenUpAt != null) {
                return "given up";
            }
            return attempts == 0 ? "waiting" : "retrying";
        }
    }
}
