package org.consilium.mail.internal;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.consilium.mail.OutgoingMail.Received;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The demo's own mail server: GreenMail's SMTP server on loopback, started with the app when
 * {@code consilium.mail.local-server} is on (it is with the demo data), and the mail sender pointed at it. Every
 * mail the app sends lands in its inbox, which administrators read at {@code /admin/mail}, so invitations and
 * password resets can be followed without setting anything up. Nothing leaves the machine.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "consilium.mail.local-server", havingValue = "true")
class LocalMailServer {

    @Bean(destroyMethod = "stop")
    Inbox localInbox() {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        return new Inbox(server);
    }

    @Bean
    JavaMailSender localMailSender(Inbox inbox) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(inbox.port());
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        properties.setProperty("mail.smtp.writetimeout", "5000");
        sender.setJavaMailProperties(properties);
        return sender;
    }

    /** What the local server received. */
    static final class Inbox implements DemoInbox {

        private final GreenMail server;

        Inbox(GreenMail server) {
            this.server = server;
        }

        int port() {
            return server.getSmtp().getPort();
        }

        void stop() {
            server.stop();
        }

        @Override
        public List<Received> newestFirst(int limit) {
            // A received date has whole seconds only: within a second, the later arrival is the newer mail.
            List<Received> arrived = new java.util.ArrayList<>(Arrays.stream(server.getReceivedMessages())
                    .map(Inbox::message).toList());
            java.util.Collections.reverse(arrived);
            return arrived.stream()
                    .sorted(Comparator.comparing(Received::receivedAt).reversed())
                    .limit(limit)
                    .toList();
        }

        private static Received message(MimeMessage m) {
            try {
                Instant received = m.getReceivedDate() != null ? m.getReceivedDate().toInstant()
                        : m.getSentDate() != null ? m.getSentDate().toInstant() : Instant.EPOCH;
                String to = Arrays.stream(m.getAllRecipients()).map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", "));
                Object content = m.getContent();
                return new Received(to, m.getSubject(), content instanceof String text ? text.strip() : "",
                        received);
            } catch (MessagingException | IOException e) {
                return new Received("?", "(a mail that could not be read: " + e.getMessage() + ")", "", Instant.EPOCH);
            }
        }
    }
}
