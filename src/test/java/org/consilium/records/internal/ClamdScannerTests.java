package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.consilium.FileFixtures;
import org.consilium.records.internal.MalwareScanner.ScanVerdict;
import org.junit.jupiter.api.Test;

/**
 * The INSTREAM protocol against a real clamd with a signature written by the test ({@link Clamd}), offline.
 */
class ClamdScannerTests {

    @Test
    void a_clean_file_is_clean() throws IOException {
        // given
        ClamdScanner scanner = Clamd.get().scanner();

        // when
        ScanVerdict verdict = scanner.scan(new ByteArrayInputStream(FileFixtures.pdf("Pathology report")));

        // then
        assertThat(verdict).isEqualTo(new ScanVerdict.Clean());
    }

    @Test
    void the_eicar_test_file_is_found_and_named() throws IOException {
        // given
        ClamdScanner scanner = Clamd.get().scanner();

        // when
        ScanVerdict verdict = scanner.scan(new ByteArrayInputStream(Clamd.EICAR.getBytes(StandardCharsets.US_ASCII)));

        // then
        assertThat(verdict).isInstanceOf(ScanVerdict.Infected.class);
        assertThat(((ScanVerdict.Infected) verdict).signature()).startsWith(Clamd.SIGNATURE);
    }

    @Test
    void malware_across_two_chunks_is_found() throws IOException {
        // given the signature across the boundary of the first and second chunk
        byte[] eicar = Clamd.EICAR.getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[ClamdScanner.CHUNK + 1000];
        java.util.Arrays.fill(content, (byte) ' ');
        System.arraycopy(eicar, 0, content, ClamdScanner.CHUNK - 30, eicar.length);

        // when
        ScanVerdict verdict = Clamd.get().scanner().scan(new ByteArrayInputStream(content));

        // then
        assertThat(verdict).isInstanceOf(ScanVerdict.Infected.class);
    }

    @Test
    void a_stream_over_the_daemons_limit_is_too_large_not_clean() throws IOException {
        // given
        byte[] content = new byte[Clamd.STREAM_MAX_LENGTH + ClamdScanner.CHUNK * 4];

        // when
        ScanVerdict verdict = Clamd.get().scanner().scan(new ByteArrayInputStream(content));

        // then
        assertThat(verdict).isInstanceOf(ScanVerdict.TooLarge.class);
    }

    @Test
    void a_scanner_that_is_not_there_fails_the_scan_rather_than_answering() throws IOException {
        // given a port nobody listens on
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ClamdScanner scanner = new ClamdScanner("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(2));

        // when / then
        assertThatThrownBy(() -> scanner.scan(new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(IOException.class);
        assertThat(scanner.ping()).isFalse();
    }

    @Test
    void replies_are_read_as_clamd_writes_them() throws IOException {
        // when / then
        assertThat(ClamdScanner.verdict("stream: OK")).isEqualTo(new ScanVerdict.Clean());
        assertThat(ClamdScanner.verdict("stream: Eicar-Test-Signature FOUND"))
                .isEqualTo(new ScanVerdict.Infected("Eicar-Test-Signature"));
        assertThat(ClamdScanner.verdict("INSTREAM size limit exceeded. ERROR"))
                .isInstanceOf(ScanVerdict.TooLarge.class);
        assertThatThrownBy(() -> ClamdScanner.verdict("stream: Can't allocate memory ERROR"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ClamdScanner.verdict("")).isInstanceOf(IOException.class);
    }
}
