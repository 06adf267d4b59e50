package org.consilium.platform;

import java.net.URI;
import java.util.function.IntSupplier;
import org.consilium.platform.internal.Refusals;
import org.consilium.shared.PublicLinks;
import org.jspecify.annotations.Nullable;

/**
 * The address people reach Consilium at ({@code consilium.public-base-url}). Absolute links (the verification address
 * on a printed opinion) and every redirect are built from it, never from the Host header of a request, which
 * whoever sends the request chooses.
 */
public final class PublicBaseUrl implements PublicLinks {

    private final @Nullable URI configured;
    private final IntSupplier localPort;

    /**
     * @param configured the configured address, or null for {@code http://localhost:<the port the app listens on>}
     * @param localPort the port the app listens on, known only once the web server has started
     * @throws IllegalStateException a start-up refusal when the address is not an http(s) URL of a host alone
     */
    public PublicBaseUrl(@Nullable URI configured, IntSupplier localPort) {
        if (configured != null && !(("http".equals(configured.getScheme()) || "https".equals(configured.getScheme()))
                && configured.getHost() != null && configured.getRawUserInfo() == null
                && configured.getRawQuery() == null && configured.getRawFragment() == null
                && (configured.getRawPath() == null || configured.getRawPath().isEmpty()
                        || "/".equals(configured.getRawPath())))) {
            throw Refusals.refuse("CONSILIUM_PUBLIC_BASE_URL must be an http or https address of a host, such as "
                    + "https://consilium.example.org, without a path; it is " + configured);
        }
        this.configured = configured;
        this.localPort = localPort;
    }

    public String scheme() {
        return configured == null ? "http" : configured.getScheme();
    }

    public String host() {
        return configured == null ? "localhost" : configured.getHost();
    }

    /** The port, the scheme's default one when the address names none. */
    public int port() {
        if (configured == null) {
            return localPort.getAsInt();
        }
        return configured.getPort() >= 0 ? configured.getPort() : "https".equals(configured.getScheme()) ? 443 : 80;
    }

    /** {@code host} or {@code host:port}, as a Host header would carry it. */
    public String authority() {
        boolean defaultPort = port() == ("https".equals(scheme()) ? 443 : 80);
        String host = host().contains(":") && !host().startsWith("[") ? "[" + host() + "]" : host();
        return defaultPort ? host : host + ":" + port();
    }

    @Override
    public URI resolve(String path) {
        return URI.create(scheme() + "://" + authority() + (path.startsWith("/") ? path : "/" + path));
    }

    @Override
    public String toString() {
        return scheme() + "://" + authority();
    }
}
