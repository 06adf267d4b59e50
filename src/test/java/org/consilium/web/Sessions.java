package org.consilium.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.context.ApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * The running app's browser sessions (kept in PostgreSQL), for tests that need one to end or to be shorter than its
 * timeout, as it would after a while without activity. Sessions are named by the value of the browser's cookie, which
 * carries the session id in base64.
 */
final class Sessions {

    private final SessionRepository<Session> repository;

    @SuppressWarnings("unchecked")
    Sessions(ApplicationContext context) {
        this.repository = (SessionRepository<Session>) (SessionRepository<?>) context.getBean(
                JdbcIndexedSessionRepository.class);
    }

    /** Ends the session as its timeout would: the browser still sends its cookie, the server no longer knows it. */
    void expire(String cookie) {
        repository.deleteById(id(cookie));
    }

    /** Makes the session end after this many seconds without activity. */
    void shorten(String cookie, int seconds) {
        var session = session(cookie);
        session.setMaxInactiveInterval(Duration.ofSeconds(seconds));
        repository.save(session);
    }

    /** When the server last saw a request of the session, in epoch milliseconds. */
    long lastAccessed(String cookie) {
        return session(cookie).getLastAccessedTime().toEpochMilli();
    }

    /** How long the session lasts without activity. */
    Duration maxInactive(String cookie) {
        return session(cookie).getMaxInactiveInterval();
    }

    private Session session(String cookie) {
        Session session = repository.findById(id(cookie));
        if (session == null) {
            throw new IllegalStateException("no session " + cookie);
        }
        return session;
    }

    private static String id(String cookie) {
        return new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
    }
}
