package org.consilium.records.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The malware scanner ({@code consilium.scanner.*}): none by default. With {@code consilium.scanner.clamd.host} set,
 * records are scanned by that ClamAV daemon over TCP; set its {@code StreamMaxLength} to at least the largest upload,
 * or larger records are left unscannable.
 */
@ConfigurationProperties("consilium.scanner")
public record ScannerSettings(@DefaultValue Clamd clamd) {

    /**
     * @param host clamd's address; none: no scanner
     * @param readTimeout how long clamd may keep us waiting at any one point of a scan
     */
    public record Clamd(@Nullable String host, @DefaultValue("3310") int port,
            @DefaultValue("5s") Duration connectTimeout, @DefaultValue("120s") Duration readTimeout) {
    }
}
