package org.consilium.records.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ClamAV daemon for tests, started once per JVM on a loopback port with a signature database of one line
 * written here: the EICAR test string as a custom body signature, so nothing is downloaded. Its stream limit is
 * {@link #STREAM_MAX_LENGTH}, so a test can go over it cheaply.
 *
 * <p>Tests that need it are skipped when {@code clamd} is not installed, except in CI ({@code CI=true}), which
 * installs it ({@code .ci/run}) and where its absence fails them.
 */
final class Clamd {

    /** The EICAR anti-malware test file: harmless, and recognised by every scanner as if it were malware. */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    static final String SIGNATURE = "Eicar-Test-Signature";
    static final int STREAM_MAX_LENGTH = 1024 * 1024;

    private static final Path BINARY = Path.of("/usr/sbin/clamd");
    private static volatile Clamd running;

    final int port;
    private final Process process;

    private Clamd(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** The JVM's clamd, started on first use; skips the calling test where clamd is not installed (but in CI). */
    static synchronized Clamd get() {
        boolean installed = Files.isExecutable(BINARY);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(BINARY + " is missing: .ci/run installs clamav-daemon for these tests");
        }
        Assumptions.assumeTrue(installed, "clamd is not installed (apt-get install clamav-daemon); skipped");
        if (running == null) {
            running = start();
        }
        return running;
    }

    ClamdScanner scanner() {
        return new ClamdScanner("127.0.0.1", port, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private static Clamd start() {
        try {
            Path dir = Files.createTempDirectory("consilium-clamd");
            Path db = Files.createDirectory(dir.resolve("db"));
            // Name:TargetType(0 = any file):Offset(* = anywhere):hex of the bytes to find.
            Files.writeString(db.resolve("eicar.ndb"), SIGNATURE + ":0:*:"
                    + HexFormat.of().formatHex("EICAR-STANDARD-ANTIVIRUS-TEST-FILE".getBytes(StandardCharsets.US_ASCII))
                    + "\n");
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path config = dir.resolve("clamd.conf");
            Files.writeString(config, String.join("\n",
                    "Foreground yes",
                    "DatabaseDirectory " + db,
                    "TCPSocket " + port,
                    "TCPAddr 127.0.0.1",
                    "StreamMaxLength " + STREAM_MAX_LENGTH,
                    "PidFile " + dir.resolve("clamd.pid"),
                    "LogFile " + dir.resolve("clamd.log"),
                    "") );
            Process process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("clamd.out").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Clamd clamd = new Clamd(port, process);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!clamd.scanner().ping()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IllegalStateException("clamd did not start: "
                            + Files.readString(dir.resolve("clamd.out")));
                }
                Thread.sleep(100);
            }
            return clamd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
