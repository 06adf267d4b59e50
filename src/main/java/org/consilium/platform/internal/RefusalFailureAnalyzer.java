package org.consilium.platform.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a configuration refusal ("Refusing to start: …") into Spring Boot's short start-up report instead of a
 * page of stack trace, so an operator sees what to set.
 */
class RefusalFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

    static final String PREFIX = "Refusing to start: ";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
        String message = cause.getMessage();
        if (message == null || !message.startsWith(PREFIX)) {
            return null;
        }
        return new FailureAnalysis(message, "See docs/operations.md (Settings, Keys, Database, Troubleshooting).", cause);
    }
}
