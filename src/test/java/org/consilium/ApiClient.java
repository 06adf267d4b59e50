package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API as a client sees it: the JDK's HTTP client against the running app, JSON by Jackson. Every call answers a
 * {@link Response} whatever its status, so a test can look at refusals as closely as at successes.
 */
public final class ApiClient {

    public static final String DEMO_PASSWORD = "consilium-demo";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Tokens by base URI and email, shared by the tests of one JVM: each costs an Argon2 check to issue. */
    private static final Map<String, IssuedToken> TOKENS = new ConcurrentHashMap<>();

    /** The loopback address the shared test configuration trusts as a reverse proxy (consilium.trusted-proxies). */
    public static final String TRUSTED_PROXY = "127.0.0.2";

    private final URI base;
    private final HttpClient http;
    private final @Nullable String forwardedFor;

    public ApiClient(int port) {
        this.base = URI.create("http://localhost:" + port);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.forwardedFor = null;
    }

    private ApiClient(int port, String localAddress, String forwardedFor) {
        this.base = URI.create("http://127.0.0.1:" + port);
        try {
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .localAddress(java.net.InetAddress.getByName(localAddress))
                    .build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(localAddress, e);
        }
        this.forwardedFor = forwardedFor;
    }

    /**
     * A client at {@code clientAddress} behind the trusted reverse proxy: its requests leave from
     * {@link #TRUSTED_PROXY} and say whom they forward in X-Forwarded-For, so tests can stand for callers at
     * different addresses.
     */
    public static ApiClient behindProxy(int port, String clientAddress) {
        return new ApiClient(port, TRUSTED_PROXY, clientAddress);
    }

    /** An address of the IPv6 documentation range (2001:db8::/32), random, so no two tests share a throttle count. */
    public static String randomAddress() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "2001:db8:%x:%x::%x".formatted(random.nextInt(0x10000), random.nextInt(0x10000),
                random.nextInt(1, 0x10000));
    }

    /** A client whose requests leave from {@code localAddress} (a loopback address) and claim {@code forwardedFor}. */
    public static ApiClient from(int port, String localAddress, String forwardedFor) {
        return new ApiClient(port, localAddress, forwardedFor);
    }

    /** A bearer token of a demo account, issued once and reused while it lives. */
    public String token(String email) {
        String key = base + " " + email;
        IssuedToken cached = TOKENS.get(key);
        if (cached != null && cached.freshUntil().isAfter(Instant.now())) {
            return cached.token();
        }
        Response issued = signIn(email, DEMO_PASSWORD);
        if (issued.status() != 200) {
            throw new IllegalStateException("could not sign in as " + email + ": " + issued);
        }
        String token = issued.json().get("access_token").asString();
        // Reused for 4 minutes only: signing and administering need an authentication at most 5 minutes old.
        TOKENS.put(key, new IssuedToken(token, Instant.now().plus(Duration.ofMinutes(4))));
        return token;
    }

    public Response signIn(String email, String password) {
        return post(null, "/api/v1/auth/token", Map.of("username", email, "password", password));
    }

    /**
     * The case's coordinator waives every item of its records checklist still needed, so the records can be marked
     * complete: for tests about what comes after.
     */
    public void waiveChecklist(String coordinatorToken, String caseId) {
        String checklist = "/api/v1/cases/" + caseId + "/checklist";
        Response read = get(coordinatorToken, checklist);
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        for (JsonNode item : read.json().get("items")) {
            if (item.get("status").asString().equals("NEEDED")) {
                Response waived = post(coordinatorToken, checklist + "/" + item.get("key").asString() + "/waiver",
                        Map.of("reason", "Not needed for this test"));
                assertThat(waived.status()).as("%s", waived).isEqualTo(200);
            }
        }
    }

    public Response get(@Nullable String token, String path) {
        return send("GET", path, token, Map.of(), BodyPublishers.noBody());
    }

    /** Posts a JSON body: a map or record is serialised, a string is sent as it is, null sends no body. */
    public Response post(@Nullable String token, String path, @Nullable Object body) {
        return send("POST", path, token, jsonHeaders(body), publisher(body));
    }

    public Response put(@Nullable String token, String path, @Nullable Object body, @Nullable String ifMatch) {
        Map<String, String> headers = new LinkedHashMap<>(jsonHeaders(body));
        if (ifMatch != null) {
            headers.put("If-Match", ifMatch);
        }
        return send("PUT", path, token, headers, publisher(body));
    }

    /** A multipart/form-data upload of one file part named {@code file} and the given text fields. */
    public Response upload(@Nullable String token, String path, String filename, byte[] content,
            Map<String, String> fields) {
        String boundary = "----consilium-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            write(body, "--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n");
        }
        write(body, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send("POST", path, token, Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
                BodyPublishers.ofByteArray(body.toByteArray()));
    }

    public Response send(String method, String path, @Nullable String token, Map<String, String> headers,
            BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        headers.forEach(request::header);
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static Map<String, String> jsonHeaders(@Nullable Object body) {
        return body == null ? Map.of() : Map.of("Content-Type", "application/json");
    }

    private static BodyPublisher publisher(@Nullable Object body) {
        return switch (body) {
            case null -> BodyPublishers.noBody();
            case String raw -> BodyPublishers.ofString(raw);
            default -> BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        };
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private record IssuedToken(String token, Instant freshUntil) {
    }

    /** What came back: the status, the headers and the raw body, readable as JSON. */
    /** The answer is an RFC 9457 problem of the status, with Consilium's type and a title and detail to show. */
    public static void assertProblem(Response response, int status) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.contentType()).as("%s", response).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).as("type of %s", response).startsWith("urn:consilium:problem:");
        assertThat(problem.path("title").asString()).as("title of %s", response).isNotBlank();
        assertThat(problem.path("status").asInt()).as("status of %s", response).isEqualTo(status);
        assertThat(problem.path("detail").asString()).as("detail of %s", response).isNotBlank();
    }

    public record Response(int status, HttpHeaders headers, byte[] body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            String shown = text();
            return status + " " + (shown.length() > 2000 ? shown.substring(0, 2000) + "…" : shown);
        }
    }
}
