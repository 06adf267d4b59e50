package org.consilium.platform.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.consilium.platform.internal.Refusals;
import org.jspecify.annotations.Nullable;

/**
 * The reverse proxies whose forwarding headers are believed ({@code consilium.trusted-proxies}): addresses and CIDR
 * ranges, IPv4 or IPv6, none by default. Only a request whose socket comes from one of them may say, in
 * X-Forwarded-For, whom it forwards; anyone else could otherwise pick the address their requests are counted and
 * audited under. Addresses are parsed as literals only, never looked up in DNS.
 */
final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** A CIDR range as its network's bytes and the number of leading bits that must match. */
    private record Range(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses the configured entries (blank ones ignored).
     *
     * @throws IllegalStateException a start-up refusal naming an entry that is neither an address nor a range
     */
    static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries.stream().flatMap(e -> Arrays.stream(e.split(","))).map(String::strip)
                .filter(e -> !e.isEmpty()).toList()) {
            ranges.add(range(entry));
        }
        return new TrustedProxies(ranges);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean trusts(@Nullable String address) {
        byte[] bytes = literal(address);
        return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /**
     * The client a request stands for: its socket's address, unless that is a trusted proxy; then the
     * X-Forwarded-For entries are walked from the right (the nearest hop) past every trusted proxy, and the first
     * address that is not one is the client. An entry that is not an address stops the walk at the hop before it.
     */
    String clientOf(String socketAddress, List<String> forwardedFor) {
        if (!trusts(socketAddress)) {
            return socketAddress;
        }
        List<String> hops = forwardedFor.stream().flatMap(h -> Arrays.stream(h.split(","))).map(String::strip)
                .filter(h -> !h.isEmpty()).toList();
        String client = socketAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = withoutPort(hops.get(i));
            if (literal(hop) == null) {
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            throw refused(entry);
        }
        int bits = network.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw refused(entry);
            }
            if (bits < 0 || bits > network.length * 8) {
                throw refused(entry);
            }
        }
        return new Range(network, bits);
    }

    private static IllegalStateException refused(String entry) {
        return Refusals.refuse("CONSILIUM_TRUSTED_PROXIES holds \"" + entry + "\", which is neither an IP "
                + "address nor a CIDR range such as 10.0.0.0/8.");
    }

    /** An IP literal as bytes (IPv4-mapped IPv6 as IPv4), or null for anything else; never a DNS lookup. */
    static byte @Nullable [] literal(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code 192.0.2.1:4711} and {@code [2001:db8::1]:4711} as proxies sometimes write them, without the port. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }
}
