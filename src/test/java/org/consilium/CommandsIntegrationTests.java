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

    @Test
    void keys_rotate_on_the_running_app_then_on_the_stopped_data_directory_keeps_records_readable_and_the_trail_whole(
            @TempDir Path demoDir) throws Exception {
        // given the demo running on its data directory, with a record a patient uploaded
        Map<String, String> demo = Map.of("CONSILIUM_DATA_DIR", demoDir.toString(), "SPRING_PROFILES_ACTIVE", "demo");
        byte[] pdf = FileFixtures.pdf("Pathology report kept through two rotations");
        Process app = start(demo);
        String recordPath;
        try {
            ApiClient api = new ApiClient(port(demoDir, app));
            String patient = api.token("patient@example.org");
            ApiClient.Response opened = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Glioma",
                    "specialty", "MEDICAL_ONCOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Surgery?"))));
            assertThat(opened.status()).as("%s", opened).isEqualTo(201);
            String caseId = opened.json().get("id").asString();
            ApiClient.Response uploaded = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "report.pdf",
                    pdf, Map.of("category", "PATHOLOGY_REPORT"));
            assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
            recordPath = "/api/v1/cases/" + caseId + "/records/" + uploaded.json().get("id").asString() + "/content";

            // when the master key is rotated through the running app
            Run online = command(demo, "keys", "rotate");

            // then every data key is under the new key, the old key's file is retired, and the record still reads
            assertThat(online.exit()).as("%s", online).isZero();
            assertThat(online.out()).contains("Done: ").contains("version 1 retired")
                    .contains("secrets/master.key.retired");
            assertThat(api.get(patient, recordPath).body()).isEqualTo(pdf);
        } finally {
            stop(app);
        }

        // when it is rotated again on the stopped data directory, and the app started on it once more
        Files.deleteIfExists(demoDir.resolve("operator"));
        Run offline = command(demo, "keys", "rotate");
        Process again = start(demo);
        try {
            ApiClient api = new ApiClient(port(demoDir, again));
            byte[] read = api.get(api.token("patient@example.org"), recordPath).body();
            Run verified = command(demo, "audit", "verify");

            // then the second rotation retired version 2, and with only the third key the record and the trail hold
            assertThat(offline.exit()).as("%s", offline).isZero();
            assertThat(offline.out()).contains("Done: ").contains("version 2 retired");
            assertThat(read).isEqualTo(pdf);
            assertThat(verified.exit()).as("%s", verified).isZero();
            assertThat(verified.out()).startsWith("OK");
            try (var files = Files.list(demoDir.resolve("secrets"))) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("master")))
                        .containsExactlyInAnyOrder("master.key.retired", "master-v2.key.retired", "master-v3.key");
            }
        } finally {
            stop(again);
        }
    }

    @Test
    void keys_rotate_in_production_without_a_new_key_says_how_to_configure_one() throws Exception {
        // when the operator rotates with the one key the installation has
        Run refused = command("keys", "rotate");

        // then nothing changes, and they are told what to do first
        assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
        assertThat(refused.err()).contains("There is no new master key to rotate to")
                .contains("CONSILIUM_SECRETS_PREVIOUS_MASTER_KEYS");
    }

    /** The app in a JVM of its own, on a port of its choosing, as {@code ./consilium start} runs it. */
    private static Process start(Map<String, String> environment) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ConsiliumApplication.class.getName(), "--server.port=0",
                "--consilium.purges.enabled=false");
        builder.environment().putAll(environment);
        Path log = Files.createTempFile("app", ".log");
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The running app's port, from the operator file it leaves in the data directory once it is ready. */
    private static int port(Path dataDir, Process app) throws Exception {
        Path file = dataDir.resolve("operator");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("the app stopped with " + app.exitValue());
            }
            if (Files.isReadable(file)) {
                java.util.Properties operator = new java.util.Properties();
                try (var in = Files.newBufferedReader(file)) {
                    operator.load(in);
                }
                String port = operator.getProperty("port");
                if (port != null && !port.equals("0")) {
                    return Integer.parseInt(port);
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the app did not get ready in 3 minutes");
    }

    private static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(1, TimeUnit.MINUTES)) {
            app.destroyForcibly().waitFor();
        }
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
