package org.consilium.platform;

import java.net.URI;

/** Stable problem type URIs; clients may switch on them. */
public final class ProblemTypes {

    private ProblemTypes() {
    }

    public static URI uri(String slug) {
        return URI.create("urn:consilium:problem:" + slug);
    }
}
