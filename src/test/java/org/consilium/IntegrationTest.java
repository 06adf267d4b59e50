package org.consilium;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application on a random port, with the demo data, on a fresh database of the JVM's one embedded
 * PostgreSQL. Every test class that uses this annotation, and nothing else, shares one cached context: keep it that
 * way, because each distinct configuration costs a Spring start-up.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "consilium.db.ephemeral=true",
        "consilium.demo.enabled=true",
        "consilium.secrets.generate=true",
        "consilium.data-dir=target/test-data/${random.uuid}",
        "spring.modulith.republish-outstanding-events-on-restart=false",
        // Purges run on a schedule in the app; tests run them themselves (PurgesIntegrationTests).
        "consilium.purges.enabled=false",
        // Records are scanned, read for text and drawn after upload on a schedule in the app; tests that need it done
        // run RecordProcessing themselves. No malware scanner: records are unscanned (ClamdScannerTests has clamd).
        "consilium.records.processing.enabled=false",
        // A second loopback address stands for a reverse proxy, so tests can send requests "from" other clients;
        // requests from 127.0.0.1, the usual client, are not forwarded and may not claim to be.
        "consilium.trusted-proxies=" + ApiClient.TRUSTED_PROXY,
        // The whole suite registers and confirms accounts from 127.0.0.1; the limit's own test uses its own address.
        "consilium.limits.account-requests=100",
        // The access table lets two people into every case it makes; the limit's own test fills the count itself.
        "consilium.limits.delegate-invitations=100000"
})
@Import({QueryCounter.class, SlowWorkWatch.class, Mailbox.class, Authentications.class,
        org.consilium.web.LoopCases.class})
public @interface IntegrationTest {
}
