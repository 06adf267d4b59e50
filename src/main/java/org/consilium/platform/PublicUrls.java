package org.consilium.platform;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute addresses of the app's own pages, for text that leaves the browser, such as the verification address on
 * a printed opinion. The one place that decides the public base of those addresses: today the address the current
 * request came in on (as Tomcat sees it behind a proxy, with {@code server.forward-headers-strategy: native}); when a
 * configured public base URL exists, only this class changes.
 */
@Component
public class PublicUrls {

    /** The absolute address of a path of this app, such as {@code https://consilium.example.org/verify/abc}. */
    public String of(String path) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).toUriString();
    }
}
