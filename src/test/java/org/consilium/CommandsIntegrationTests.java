package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands as the launcher runs them: a separate JVM on a stopped production data directory, with
 * production's keys and public address, and no demo data.
 */
class CommandsIntegrationTests {

    @TempDir
    static Path dataDir;

    static Map<String, String> environment;

    @BeforeAll
    static void productionSettings() throws Exception {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        environment = Map.of(
                "CONSILIUM_DATA_DIR", dataDir.toString(),
                "SPRING_PROFILES_ACTIVE", "production",
                "CONSILIUM_SECRETS_MASTER_KEY", Base64.getEncoder().encodeToString(master),
                "CONSILIUM_SECRETS_SIGNING_KEY", Base64.getEncoder().encodeToString(
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded()),
                "CONSILIUM_PUBLIC_BASE_URL", "https://consilium.example.org");
    }

    record Run(int exit, String out, String err) {
    }

    @Test
    void admin_create_makes_the_first_administrator_once_and_the_trail_stays_whole() throws Exception {
        // when the first administrator is created on the stopped data directory, then a second
        Run first = command("admin", "create", "Ada@Example.org", "Ada", "Lovelace");
        Run second = command("admin", "create", "bob@example.org");
        Run malformed = command("admin", "create", "not-an-address");
        Run verified = command("audit", "verify");

        // then the first prints a link on the public address; the others are refused, saying why
        assertThat(first.exit()).as("%s", first).isZero();
        assertThat(first.out()).contains("Created the administrator ada@example.org")
                .containsPattern("https://consilium\\.example\\.org/account/reset/[A-Za-z0-9_-]{43}");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("an administrator exists already");
        assertThat(malformed.exit()).isEqualTo(1);
        assertThat(malformed.err()).contains("address");
        assertThat(verified.exit()).as("%s", verified).isZero();
        assertThat(verified.out()).startsWith("OK");
    }

    @Test
    void a_command_never_loads_the_demo_accounts_even_in_the_demo_profile(@TempDir Path demoDir) throws Exception {
        // when the first administrator is made on a fresh data directory with the demo profile
        Run created = command(Map.of("CONSILIUM_DATA_DIR", demoDir.toString(), "SPRING_PROFILES_ACTIVE", "demo"),
                "admin", "create", "ops@example.org");

        // then it is made: no demo administrator was loaded first to refuse it
        assertThat(created.exit()).as("%s", created).isZero();
        assertThat(created.out()).contains("http://localhost:8080/account/reset/");
    }

    private static Run command(String... args) throws IOException, InterruptedException {
        return command(environment, args);
    }

    private static Run command(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> line = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ConsiliumApplication.class.getName()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("command", ".out");
        Path err = Files.createTempFile("command", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not end: " + String.join(" ", args));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
