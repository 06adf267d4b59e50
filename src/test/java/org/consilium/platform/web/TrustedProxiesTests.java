package org.consilium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTests {

    @Test
    void by_default_no_address_is_a_trusted_proxy_not_even_loopback_or_a_private_one() {
        // given
        TrustedProxies none = TrustedProxies.of(List.of());

        // when / then
        assertThat(none.trusts("127.0.0.1")).isFalse();
        assertThat(none.trusts("10.1.2.3")).isFalse();
        assertThat(none.clientOf("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
    }

    @Test
    void addresses_and_cidr_ranges_of_both_families_are_trusted() {
        // given
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8, 192.168.1.7", "2001:db8:1::/48"));

        // when / then
        assertThat(proxies.trusts("10.255.0.1")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("192.168.1.7")).isTrue();
        assertThat(proxies.trusts("192.168.1.8")).isFalse();
        assertThat(proxies.trusts("2001:db8:1:ffff::1")).isTrue();
        assertThat(proxies.trusts("2001:db8:2::1")).isFalse();
        assertThat(proxies.trusts("not-an-address")).isFalse();
    }

    @Test
    void the_client_is_the_first_address_from_the_right_that_is_not_a_trusted_proxy() {
        // given two proxies in a row, and a client that made up an address of its own in front
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

        // when
        String client = proxies.clientOf("10.0.0.1", List.of("198.51.100.66, 203.0.113.9", "10.0.0.2"));

        // then the made-up address is never reached
        assertThat(client).isEqualTo("203.0.113.9");
        assertThat(proxies.clientOf("10.0.0.1", List.of("garbage, 10.0.0.2"))).isEqualTo("10.0.0.2");
        assertThat(proxies.clientOf("10.0.0.1", List.of("203.0.113.9:4711"))).isEqualTo("203.0.113.9");
        assertThat(proxies.clientOf("10.0.0.1", List.of("[2001:db8::9]:4711"))).isEqualTo("2001:db8::9");
        assertThat(proxies.clientOf("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
        assertThat(proxies.clientOf("203.0.113.1", List.of("198.51.100.66"))).isEqualTo("203.0.113.1");
    }

    @Test
    void an_entry_that_is_neither_an_address_nor_a_range_refuses_the_start_and_names_it() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal")))
                .hasMessageStartingWith("Refusing to start: CONSILIUM_TRUSTED_PROXIES holds \"proxy.internal\"");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    }
}
