package org.consilium.web;

import java.io.IOException;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * The running server's browser sessions, for tests that need one to end or to be shorter than 30 minutes, as it
 * would after a while without activity.
 */
final class Sessions {

    private final ServletWebServerApplicationContext context;

    Sessions(ServletWebServerApplicationContext context) {
        this.context = context;
    }

    /** Ends the session as its timeout would: the browser still sends its cookie, the server no longer knows it. */
    void expire(String sessionId) {
        session(sessionId).expire();
    }

    /** Makes the session end after this many seconds without activity. */
    void shorten(String sessionId, int seconds) {
        session(sessionId).setMaxInactiveInterval(seconds);
    }

    /** When the server last saw a request of the session. */
    long lastAccessed(String sessionId) {
        return session(sessionId).getLastAccessedTime();
    }

    private Session session(String sessionId) {
        Context app = (Context) ((TomcatWebServer) context.getWebServer()).getTomcat().getHost().findChildren()[0];
        try {
            Session session = app.getManager().findSession(sessionId);
            if (session == null) {
                throw new IllegalStateException("no session " + sessionId);
            }
            return session;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
