package org.consilium.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.consilium.identity.OperatorAccess;
import org.consilium.platform.ConsiliumProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Leaves the running app's port and operator token in {@code <data-dir>/operator} (readable by the service account
 * only), so that {@code ./consilium audit verify} on the same machine can ask the running app; removes it at shutdown.
 */
@Component
@ConditionalOnWebApplication
class OperatorFile {

    private final Path file;
    private final OperatorAccess operator;
    private final Environment environment;

    OperatorFile(ConsiliumProperties properties, OperatorAccess operator, Environment environment) {
        this.file = properties.dataDir().resolve("operator");
        this.operator = operator;
        this.environment = environment;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "operator", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, "port=" + port + "\ntoken=" + operator.token() + "\n",
                    StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    @EventListener
    void closed(ContextClosedEvent event) throws IOException {
        Files.deleteIfExists(file);
    }
}
