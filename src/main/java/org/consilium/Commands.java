package org.consilium;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.consilium.audit.AuditTrail;
import org.consilium.audit.AuditVerification;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's commands, run as {@code java -jar consilium.jar <command>} by the launcher
 * ({@code ./consilium audit verify}). They work on a running app, through its administrative API and the operator token
 * it leaves in the data directory, and on a stopped data directory, by starting the app's services without a web
 * server. Exit codes: 0 all is well, 1 the check found a problem, 2 the command could not run.
 */
final class Commands {

    static final int OK = 0;
    static final int PROBLEM = 1;
    static final int FAILED = 2;

    private Commands() {
    }

    /** Whether the arguments name a command rather than starting the app. */
    static boolean isCommand(String[] args) {
        return args.length > 0 && args[0].equals("audit");
    }

    static int run(String[] args) {
        if (args.length == 2 && args[0].equals("audit") && args[1].equals("verify")) {
            return auditVerify(args);
        }
        System.err.println("consilium: unknown command: " + String.join(" ", args) + " (try: audit verify)");
        return FAILED;
    }

    private static int auditVerify(String[] args) {
        Path dataDir = Path.of(System.getenv().getOrDefault("CONSILIUM_DATA_DIR", "./data"));
        Path operatorFile = dataDir.resolve("operator");
        if (Files.isReadable(operatorFile)) {
            try {
                return auditVerifyRunning(operatorFile);
            } catch (ConnectException staleFile) {
                // The app that wrote the file is gone (killed hard): check the stopped data directory instead.
            } catch (IOException | InterruptedException e) {
                System.err.println("consilium: could not ask the running app: " + e.getMessage());
                return FAILED;
            }
        }
        return auditVerifyStopped(args);
    }

    /** Asks the running app, whose port and operator token are in the data directory. */
    private static int auditVerifyRunning(Path operatorFile) throws IOException, InterruptedException {
        Properties operator = new Properties();
        try (var in = Files.newBufferedReader(operatorFile)) {
            operator.load(in);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + operator.getProperty("port")
                        + "/api/v1/admin/audit/verification"))
                .header("Authorization", "Bearer " + operator.getProperty("token"))
                .timeout(Duration.ofMinutes(30))
                .GET()
                .build();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 200) {
            System.err.println("consilium: the running app answered " + response.statusCode() + ": "
                    + response.body());
            return FAILED;
        }
        JsonNode answer = JsonMapper.builder().build().readTree(response.body());
        System.out.println(answer.get("summary").asString());
        return answer.get("ok").asBoolean() ? OK : PROBLEM;
    }

    /** Starts the app's services on the data directory, without a web server or background work, and checks. */
    private static int auditVerifyStopped(String[] args) {
        SpringApplication application = new SpringApplication(ConsiliumApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        application.setDefaultProperties(Map.of(
                "consilium.audit.chainer.enabled", "false",
                "spring.modulith.republish-outstanding-events-on-restart", "false",
                "logging.level.root", "WARN",
                "logging.level.org.consilium", "WARN"));
        try (ConfigurableApplicationContext context = application.run()) {
            AuditVerification verification = context.getBean(AuditTrail.class).verify();
            System.out.println(verification.summary());
            return verification.ok() ? OK : PROBLEM;
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("consilium: could not check the audit trail: " + cause.getMessage());
            return FAILED;
        }
    }
}
