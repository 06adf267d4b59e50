package org.consilium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.platform.PublicBaseUrl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

class PublicBaseUrlTests {

    @Test
    void links_are_built_from_the_configured_address() {
        // given
        PublicBaseUrl base = new PublicBaseUrl(URI.create("https://consilium.example.org"), () -> 8080);

        // when / then
        assertThat(base.resolve("/verify/abc")).hasToString("https://consilium.example.org/verify/abc");
        assertThat(base.authority()).isEqualTo("consilium.example.org");
        assertThat(base.port()).isEqualTo(443);
        assertThat(new PublicBaseUrl(URI.create("http://10.0.0.5:8081/"), () -> 1).resolve("/login"))
                .hasToString("http://10.0.0.5:8081/login");
    }

    @Test
    void without_a_configured_address_the_demo_answers_on_localhost_at_its_own_port() {
        assertThat(new PublicBaseUrl(null, () -> 9090).resolve("/verify/x")).hasToString(
                "http://localhost:9090/verify/x");
    }

    @Test
    void an_address_with_a_path_a_query_or_another_scheme_refuses_the_start() {
        for (String wrong : List.of("ftp://consilium.example.org", "https://consilium.example.org/app",
                "https://consilium.example.org/?x=1", "consilium.example.org")) {
            assertThatThrownBy(() -> new PublicBaseUrl(URI.create(wrong), () -> 1))
                    .hasMessageStartingWith("Refusing to start: CONSILIUM_PUBLIC_BASE_URL must be");
        }
    }

    @Test
    void production_refuses_to_start_without_a_public_base_url_and_the_demo_does_not() {
        // given
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");

        // when / then
        assertThatThrownBy(() -> new ForwardedRequests.Address().publicBaseUrl(properties(null), production))
                .hasMessageStartingWith("Refusing to start: CONSILIUM_PUBLIC_BASE_URL is not set");
        assertThat(new ForwardedRequests.Address().publicBaseUrl(
                properties(URI.create("https://consilium.example.org")), production).host())
                .isEqualTo("consilium.example.org");
        assertThat(new ForwardedRequests.Address().publicBaseUrl(properties(null), new MockEnvironment())
                .host()).isEqualTo("localhost");
    }

    private static ConsiliumProperties properties(@Nullable URI publicBaseUrl) {
        return new ConsiliumProperties(Path.of("data"), new ConsiliumProperties.Db(null, null, null, null, null,
                false), new ConsiliumProperties.Secrets(null, null, false, java.util.List.of()),
                new ConsiliumProperties.Limits(DataSize.ofMegabytes(1), 3, DataSize.ofGigabytes(2), 30), List.of(),
                publicBaseUrl);
    }
}
