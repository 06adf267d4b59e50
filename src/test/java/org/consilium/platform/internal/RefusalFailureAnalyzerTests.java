package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalFailureAnalyzerTests {

    private final RefusalFailureAnalyzer analyzer = new RefusalFailureAnalyzer();

    @Test
    void a_refusal_becomes_a_short_report_naming_what_to_set() {
        // given
        var refusal = new IllegalStateException("Refusing to start: the secret CONSILIUM_SECRETS_MASTER_KEY is not set.");

        // when
        var analysis = analyzer.analyze(new RuntimeException("wrapped", refusal));

        // then
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .isEqualTo("Refusing to start: the secret CONSILIUM_SECRETS_MASTER_KEY is not set.");
        assertThat(analysis.getAction()).contains("docs/operations.md");
    }

    @Test
    void other_failures_are_left_to_spring_boot() {
        assertThat(analyzer.analyze(new IllegalStateException("something else"))).isNull();
    }
}
