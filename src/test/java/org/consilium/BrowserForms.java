package org.consilium;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web UI's forms as a browser sends them, without a browser: a session cookie, the CSRF token from the page the
 * form is on, URL-encoded or multipart bodies, and redirects not followed, so a test sees where each one goes.
 */
public final class BrowserForms {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public BrowserForms(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Signs in through the sign-in page; answers where the browser was sent. */
    public String signIn(String email, String password) {
        return post("/login", "/login", Map.of("email", email, "password", password)).headers()
                .firstValue("Location").orElseThrow();
    }

    public HttpResponse<String> get(String path) {
        return Http.send(http, HttpRequest.newBuilder(URI.create(base + path)));
    }

    /** Posts a URL-encoded form found on {@code page}. */
    public HttpResponse<String> post(String page, String action, Map<String, String> fields) {
        StringBuilder form = new StringBuilder("_csrf=").append(csrf(page));
        fields.forEach((name, value) -> form.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return Http.send(http, HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    /** Posts a multipart form found on {@code page}, with one file part named {@code file}. */
    public HttpResponse<String> upload(String page, String action, String filename, byte[] content,
            Map<String, String> fields) {
        String boundary = "----browser-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("_csrf", csrf(page));
        all.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return Http.send(http, HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private String csrf(String page) {
        Matcher token = CSRF.matcher(get(page).body());
        if (!token.find()) {
            throw new IllegalStateException(page + " has no form with a CSRF token");
        }
        return token.group(1);
    }


}
