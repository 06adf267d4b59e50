package org.consilium.platform.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.postgresql.util.PasswordUtil;

/**
 * Makes an embedded cluster ask for passwords before it starts. Zonky runs {@code initdb -A trust}, and clusters made
 * by earlier versions of Consilium trust every local connection, so before every start the superuser's password is
 * set from its secret file in single-user mode (no server, no connection, nothing listening) and {@code pg_hba.conf}
 * is rewritten to allow SCRAM-SHA-256 only.
 */
final class PasswordAuthentication {

    /** The whole of pg_hba.conf: password authentication, on the local socket and on loopback, nothing else. */
    static final String HBA = """
            # Written by Consilium at every start of its embedded PostgreSQL; changes here are overwritten.
            # Password (SCRAM-SHA-256) authentication only, on the local socket and on loopback.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    private PasswordAuthentication() {
    }

    /** Call on a cluster that is not running (zonky's data directory customizer runs just before the start). */
    static void require(Path pgData, String superuser, String superuserPassword) throws IOException {
        // The server receives a SCRAM verifier, never the password itself, and is told not to log the statement.
        String verifier = PasswordUtil.encodeScramSha256(superuserPassword.toCharArray());
        PostgresBinaries.run("postgres", List.of("--single", "-D", pgData.toString(),
                "-c", "log_min_error_statement=panic", "-c", "log_statement=none", "postgres"),
                "ALTER ROLE " + quoted(superuser) + " WITH PASSWORD '" + verifier + "';\n");
        Path hba = pgData.resolve("pg_hba.conf");
        if (!Files.exists(hba) || !Files.readString(hba, StandardCharsets.UTF_8).equals(HBA)) {
            Files.writeString(hba, HBA, StandardCharsets.UTF_8);
        }
    }

    /** An SQL identifier in double quotes. */
    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
