package org.consilium.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The public verification page answers only for real codes and slows down whoever tries many. */
@IntegrationTest
class VerificationIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /**
     * Every test here, and the others that look codes up, share one client address: each starts and ends with a fresh
     * window, whatever ran before it.
     */
    @BeforeEach
    @AfterEach
    void forgetLookups() {
        jdbc.sql("delete from platform_rate_limits where bucket = 'verify'").update();
    }

    @Test
    void an_unknown_code_is_not_found_and_needs_no_sign_in() throws Exception {
        // when
        HttpResponse<String> response = get("/verify/" + "a".repeat(32));

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("No signed opinion has this code");
    }

    @Test
    void a_malformed_code_is_simply_not_found() throws Exception {
        HttpResponse<String> response = get("/verify/%27%20or%201=1");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("No signed opinion has this code");
    }

    @Test
    void the_twenty_first_look_up_within_a_minute_is_refused() throws Exception {
        // given twenty look-ups from one address
        for (int i = 0; i < VerificationWebController.LOOKUPS_PER_MINUTE; i++) {
            assertThat(get("/verify/" + "b".repeat(32)).statusCode()).isEqualTo(404);
        }

        // when one more comes
        HttpResponse<String> refused = get("/verify/" + "b".repeat(32));

        // then it is refused with a time to wait
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(refused.body()).contains("Too many look-ups");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
