package org.consilium.shared;

import java.net.URI;

/**
 * Absolute addresses of the app's pages, as people reach it, for links that leave the app (in a mail, on a printed
 * opinion). The platform answers it from its configured public address, never from a request's Host header.
 */
public interface PublicLinks {

    /** The absolute address of a path of the app, such as {@code /account/verify/abc}. */
    URI resolve(String path);
}
