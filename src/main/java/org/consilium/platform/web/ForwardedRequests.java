package org.consilium.platform.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.platform.PublicBaseUrl;
import org.consilium.platform.internal.Refusals;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What the rest of the app sees of where a request came from and where it was sent, decided once, before any other
 * filter: the client's address is the socket's, or, from a trusted proxy only, the one X-Forwarded-For names (see
 * {@link TrustedProxies}); the scheme, host and port are those of the public base URL, whatever the Host header
 * says, so no link or redirect the app builds can point elsewhere. The forwarding headers themselves are hidden
 * from everything after this filter, so nothing can read them unchecked.
 */
final class ForwardedRequests extends OncePerRequestFilter {

    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final TrustedProxies proxies;
    private final PublicBaseUrl base;

    ForwardedRequests(TrustedProxies proxies, PublicBaseUrl base) {
        this.proxies = proxies;
        this.base = base;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest wrapped = wrap(request);
        chain.doFilter(wrapped, new Redirects(response, wrapped, base));
    }

    /**
     * Redirects to the public base URL: Tomcat makes a relative redirect absolute from its own view of the request,
     * Host header included, so the app hands it absolute ones.
     */
    private static final class Redirects extends HttpServletResponseWrapper {

        private final HttpServletRequest request;
        private final PublicBaseUrl base;

        Redirects(HttpServletResponse response, HttpServletRequest request, PublicBaseUrl base) {
            super(response);
            this.request = request;
            this.base = base;
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            super.sendRedirect(absolute(location));
        }

        @Override
        public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
            super.sendRedirect(absolute(location), status, clearBuffer);
        }

        private String absolute(String location) {
            URI target;
            try {
                target = URI.create(location);
            } catch (IllegalArgumentException e) {
                return location;
            }
            if (target.isAbsolute() || location.startsWith("//")) {
                return location;
            }
            return base.resolve(request.getRequestURI()).resolve(target).toString();
        }
    }

    HttpServletRequest wrap(HttpServletRequest request) {
        String socket = request.getRemoteAddr();
        boolean trusted = proxies.trusts(socket);
        String client = trusted ? proxies.clientOf(socket, Collections.list(request.getHeaders(FORWARDED_FOR)))
                : socket;
        boolean secure = request.isSecure() || trusted && forwardedHttps(request);
        return new Wrapper(request, client, secure, base);
    }

    /** Every proxy on the way says https (a proxy that got plain http from its client makes the request plain). */
    private static boolean forwardedHttps(HttpServletRequest request) {
        List<String> protos = Collections.list(request.getHeaders(FORWARDED_PROTO)).stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(","))).map(String::strip).toList();
        return !protos.isEmpty() && protos.stream().allMatch(p -> p.equalsIgnoreCase("https"));
    }

    private static boolean hidden(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return name.equals("forwarded") || name.startsWith("x-forwarded-");
    }

    private static final class Wrapper extends HttpServletRequestWrapper {

        private final String client;
        private final boolean secure;
        private final PublicBaseUrl base;

        Wrapper(HttpServletRequest request, String client, boolean secure, PublicBaseUrl base) {
            super(request);
            this.client = client;
            this.secure = secure;
            this.base = base;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getScheme() {
            return base.scheme();
        }

        @Override
        public String getServerName() {
            return base.host();
        }

        @Override
        public int getServerPort() {
            return base.port();
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(base.resolve(getRequestURI()).toString());
        }

        @Override
        public @Nullable String getHeader(String name) {
            if ("host".equalsIgnoreCase(name)) {
                return base.authority();
            }
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if ("host".equalsIgnoreCase(name)) {
                return Collections.enumeration(List.of(base.authority()));
            }
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !hidden(name)).toList());
        }
    }

    /**
     * The public address, for the web app and for the operator's commands alike (a command run on a stopped data
     * directory builds links too). Production refuses to start without it; the demo answers on localhost.
     */
    @Configuration(proxyBeanMethods = false)
    static class Address {

        @Bean
        PublicBaseUrl publicBaseUrl(ConsiliumProperties properties, Environment environment) {
            if (properties.publicBaseUrl() == null && environment.matchesProfiles("production")) {
                throw Refusals.refuse("CONSILIUM_PUBLIC_BASE_URL is not set; production needs the address people "
                        + "reach Consilium at, such as https://consilium.example.org, so that links and redirects "
                        + "never follow a request's Host header.");
            }
            return new PublicBaseUrl(properties.publicBaseUrl(), () -> environment.getProperty("local.server.port",
                    Integer.class, environment.getProperty("server.port", Integer.class, 8080)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication
    static class Registration {

        /** First of all filters, for every dispatch, so errors and security see the same request. */
        @Bean
        FilterRegistrationBean<ForwardedRequests> forwardedRequests(ConsiliumProperties properties,
                PublicBaseUrl base) {
            var registration = new FilterRegistrationBean<>(new ForwardedRequests(
                    TrustedProxies.of(properties.trustedProxies()), base));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR,
                    DispatcherType.FORWARD, DispatcherType.INCLUDE);
            return registration;
        }
    }
}
