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
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.OperatorAccess;
import org.consilium.identity.StaffAdministration;
import org.consilium.platform.MasterKeyRotation;
import org.consilium.shared.DomainException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's commands, run as {@code java -jar consilium.jar <command>} by the launcher
 * ({@code ./consilium audit verify}, {@code ./consilium keys rotate}). They work on a running app, through its administrative API and the operator token
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
        return args.length > 0 && (args[0].equals("audit") || args[0].equals("admin") || args[0].equals("keys"));
    }

    static int run(String[] args) {
        if (args.length == 2 && args[0].equals("audit") && args[1].equals("verify")) {
            return auditVerify();
        }
        if (args.length == 2 && args[0].equals("keys") && args[1].equals("rotate")) {
            return keysRotate();
        }
        if (args.length >= 3 && args[0].equals("admin") && args[1].equals("create")) {
            String name = args.length > 3 ? String.join(" ", java.util.Arrays.copyOfRange(args, 3, args.length))
                    : args[2].substring(0, Math.max(0, args[2].indexOf('@')));
            return adminCreate(args[2], name.isBlank() ? args[2] : name);
        }
        System.err.println("consilium: unknown command: " + String.join(" ", args)
                + " (try: audit verify, keys rotate, or admin create EMAIL [NAME])");
        return FAILED;
    }

    private static int auditVerify() {
        return onRunningAppOrStopped(
                operator -> {
                    HttpResponse<String> response = ask(operator, "GET", "/api/v1/admin/audit/verification", null,
                            Duration.ofMinutes(30));
                    if (response.statusCode() != 200) {
                        System.err.println("consilium: the running app answered " + response.statusCode() + ": "
                                + response.body());
                        return FAILED;
                    }
                    JsonNode answer = JSON.readTree(response.body());
                    System.out.println(answer.get("summary").asString());
                    return answer.get("ok").asBoolean() ? OK : PROBLEM;
                },
                context -> {
                    AuditVerification verification = context.getBean(AuditTrail.class).verify();
                    System.out.println(verification.summary());
                    return verification.ok() ? OK : PROBLEM;
                },
                "could not check the audit trail");
    }

    /**
     * Makes the first administrator of an installation that has none and prints the single-use link with which they
     * choose their password. Exit 1 when refused (an administrator exists, the address is taken or not one).
     */
    private static int adminCreate(String email, String displayName) {
        return onRunningAppOrStopped(
                operator -> {
                    HttpResponse<String> response = ask(operator, "POST", "/api/v1/admin/first-administrator",
                            JSON.writeValueAsString(Map.of("email", email, "displayName", displayName)),
                            Duration.ofMinutes(1));
                    JsonNode answer = JSON.readTree(response.body());
                    if (response.statusCode() != 201) {
                        System.err.println("consilium: " + answer.path("detail").asString(response.body()));
                        return response.statusCode() == 400 || response.statusCode() == 409 ? PROBLEM : FAILED;
                    }
                    return created(email, answer.get("setPasswordLink").asString());
                },
                context -> {
                    try {
                        AccessScope operator = context.getBean(AccessScopes.class)
                                .of(context.getBean(OperatorAccess.class).operator());
                        return created(email, context.getBean(StaffAdministration.class)
                                .createFirstAdministrator(operator, email, displayName).toString());
                    } catch (DomainException refused) {
                        System.err.println("consilium: " + refused.reason());
                        return PROBLEM;
                    }
                },
                "could not create the administrator");
    }

    /**
     * Rotates the master key: on the running app through its administrative API, printing the progress it reports
     * while it works; on the stopped data directory as the local operator. Exit 1 when refused (no new key).
     */
    private static int keysRotate() {
        return onRunningAppOrStopped(
                operator -> {
                    java.util.concurrent.CompletableFuture<HttpResponse<String>> rotated = askAsync(operator, "POST",
                            "/api/v1/admin/keys/rotation", Duration.ofHours(12));
                    String last = "";
                    while (true) {
                        try {
                            HttpResponse<String> response = rotated.get(2, java.util.concurrent.TimeUnit.SECONDS);
                            JsonNode answer = JSON.readTree(response.body());
                            if (response.statusCode() != 200) {
                                System.err.println("consilium: " + answer.path("detail").asString(response.body()));
                                return response.statusCode() == 409 ? PROBLEM : FAILED;
                            }
                            System.out.println(answer.get("summary").asString());
                            answer.get("nextSteps").forEach(step -> System.out.println("Next: " + step.asString()));
                            return OK;
                        } catch (java.util.concurrent.TimeoutException stillWorking) {
                            HttpResponse<String> status = ask(operator, "GET", "/api/v1/admin/keys/rotation", null,
                                    Duration.ofMinutes(1));
                            if (status.statusCode() == 200) {
                                String summary = JSON.readTree(status.body()).get("summary").asString();
                                if (!summary.equals(last)) {
                                    System.out.println(summary);
                                    last = summary;
                                }
                            }
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                        }
                    }
                },
                context -> {
                    try {
                        AccessScope operator = context.getBean(AccessScopes.class)
                                .of(context.getBean(OperatorAccess.class).operator());
                        MasterKeyRotation.Status done = context.getBean(MasterKeyRotation.class)
                                .rotate(operator, progress -> System.out.println(progress.summary()));
                        System.out.println(done.summary());
                        done.nextSteps().forEach(step -> System.out.println("Next: " + step));
                        return OK;
                    } catch (DomainException refused) {
                        System.err.println("consilium: " + refused.reason());
                        return PROBLEM;
                    }
                },
                "could not rotate the master key");
    }

    private static int created(String email, String link) {
        System.out.println("Created the administrator " + email.strip().toLowerCase(java.util.Locale.ROOT)
                + ". They choose their password by this link, "
                + "which works once, within 3 days:");
        System.out.println("  " + link);
        return OK;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A command's work on the running app, through its administrative API. */
    private interface OnRunningApp {
        int run(Properties operator) throws IOException, InterruptedException;
    }

    /** A command's work on the stopped data directory, with the app's services started without a web server. */
    private interface OnStoppedApp {
        int run(ConfigurableApplicationContext context);
    }

    /**
     * Runs the command on the running app when the data directory names one (its port and operator token), else on
     * the stopped data directory: a file left by an app killed hard names a port nobody answers on.
     */
    private static int onRunningAppOrStopped(OnRunningApp running, OnStoppedApp stopped, String failure) {
        Path dataDir = Path.of(System.getenv().getOrDefault("CONSILIUM_DATA_DIR", "./data"));
        Path operatorFile = dataDir.resolve("operator");
        if (Files.isReadable(operatorFile)) {
            try {
                Properties operator = new Properties();
                try (var in = Files.newBufferedReader(operatorFile)) {
                    operator.load(in);
                }
                return running.run(operator);
            } catch (ConnectException staleFile) {
                // The app that wrote the file is gone (killed hard): work on the stopped data directory instead.
            } catch (IOException | InterruptedException e) {
                System.err.println("consilium: could not ask the running app: " + e.getMessage());
                return FAILED;
            }
        }
        return onStopped(stopped, failure);
    }

    private static HttpResponse<String> ask(Properties operator, String method, String path, @Nullable String json,
            Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + operator.getProperty("port")
                        + path))
                .header("Authorization", "Bearer " + operator.getProperty("token"))
                .header("Content-Type", "application/json")
                .timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static java.util.concurrent.CompletableFuture<HttpResponse<String>> askAsync(Properties operator,
            String method, String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + operator.getProperty("port")
                        + path))
                .header("Authorization", "Bearer " + operator.getProperty("token"))
                .header("Content-Type", "application/json")
                .timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> http.close());
    }

    /** Starts the app's services on the data directory, without a web server or background work, and runs. */
    private static int onStopped(OnStoppedApp stopped, String failure) {
        SpringApplication application = new SpringApplication(ConsiliumApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        application.setDefaultProperties(Map.of(
                "consilium.audit.chainer.enabled", "false",
                "spring.modulith.republish-outstanding-events-on-restart", "false",
                "logging.level.root", "WARN",
                "logging.level.org.consilium", "WARN"));
        // Never the demo's loaders, whatever the profile: a command must not add demo accounts to a data directory.
        try (ConfigurableApplicationContext context = application.run("--consilium.demo.enabled=false")) {
            return stopped.run(context);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("consilium: " + failure + ": " + cause.getMessage());
            return FAILED;
        }
    }
}
