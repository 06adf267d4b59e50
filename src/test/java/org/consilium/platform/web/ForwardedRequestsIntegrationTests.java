package org.consilium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.consilium.ApiClient;
import org.consilium.IntegrationTest;
import org.consilium.shared.Sha256;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where a request came from and where it was sent, as the app believes it: X-Forwarded-For from trusted proxies only
 * (the shared test configuration trusts 127.0.0.2 and nothing else), and links and redirects to the public base URL
 * whatever the Host header says.
 */
@IntegrationTest
class ForwardedRequestsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_forwarded_address_from_a_client_that_is_not_a_trusted_proxy_is_ignored() {
        // given a client on loopback that claims to forward someone else
        String claimed = "203.0.113." + (1 + UUID.randomUUID().hashCode() & 0x7f);
        ApiClient spoofer = ApiClient.from(port, "127.0.0.1", claimed);

        // when it fails to sign in
        assertThat(spoofer.signIn(unknownEmail(), "a-wrong-password").status()).isEqualTo(401);

        // then the audit trail and the throttle both know it by its socket's address
        assertThat(latestSignInFailureAddress()).isEqualTo("127.0.0.1");
        assertThat(throttleCountOf(claimed)).isZero();
    }

    @Test
    void a_trusted_proxy_s_forwarded_address_is_the_client_s() {
        // given a client behind the trusted proxy
        String client = "198.51.100." + (1 + UUID.randomUUID().hashCode() & 0x7f);
        ApiClient forwarded = ApiClient.behindProxy(port, client);

        // when it fails to sign in
        assertThat(forwarded.signIn(unknownEmail(), "a-wrong-password").status()).isEqualTo(401);

        // then the audit trail and the throttle know it by the forwarded address
        assertThat(latestSignInFailureAddress()).isEqualTo(client);
        assertThat(throttleCountOf(client)).isPositive();
    }

    @Test
    void a_hostile_host_header_never_reaches_a_redirect() {
        // when a page that needs a sign-in, and a form that redirects, are asked for under another host
        String signIn = rawGet("/cases", "evil.example");
        String verify = rawGet("/verify?code=ABCD", "evil.example:8443");

        // then both redirects go to the public base URL (in tests, the app's own localhost address)
        assertThat(signIn).contains("HTTP/1.1 302").doesNotContain("evil.example")
                .containsIgnoringCase("Location: http://localhost:" + port + "/login");
        assertThat(verify).contains("HTTP/1.1 302").doesNotContain("evil.example")
                .containsIgnoringCase("Location: http://localhost:" + port + "/verify/abcd");
    }

    @Test
    void a_hostile_host_header_never_reaches_the_location_of_something_created() {
        // given
        String token = new ApiClient(port).token("patient@example.org");
        String body = """
                {"diagnosis": "Host header test", "specialty": "MEDICAL_ONCOLOGY",
                 "questions": [{"kind": "OTHER", "text": "Where does this link go?"}]}""";

        // when
        String answer = raw("POST /api/v1/cases HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);

        // then
        assertThat(answer).contains("HTTP/1.1 201").doesNotContain("evil.example");
        assertThat(answer.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst())
                .hasValueSatisfying(l -> assertThat(l).matches("(?i)Location: (http://localhost:" + port
                        + ")?/api/v1/cases/[0-9a-f-]{36}"));
    }

    private String latestSignInFailureAddress() {
        return jdbc.sql("select client_address from audit_entries where action = 'SignInFailed' order by id desc "
                + "limit 1").query(String.class).single();
    }

    /** The throttle's count of failures from an address, looked up the way it stores it: hashed. */
    private int throttleCountOf(String address) {
        return jdbc.sql("select coalesce(sum(failures), 0) from identity_sign_in_throttle where kind = 'address' "
                + "and subject = ?").param(Sha256.hex("address " + address)).query(Integer.class).single();
    }

    private static String unknownEmail() {
        return "nobody-" + UUID.randomUUID() + "@example.org";
    }

    private String rawGet(String path, String host) {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private String raw(String request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
