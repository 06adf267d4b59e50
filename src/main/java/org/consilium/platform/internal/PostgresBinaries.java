package org.consilium.platform.internal;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL programs zonky unpacks, and a way to run them. Zonky keeps their folder to itself
 * ({@code <tmp>/embedded-pg/PG-<MD5 of the archive>}), so this resolver hands it zonky's own archive and digests it on
 * the way through; once a server has been built with it, {@link #run} can start {@code postgres --single} or
 * {@code pg_ctl} from the same folder.
 */
final class PostgresBinaries implements PgBinaryResolver {

    static final PostgresBinaries INSTANCE = new PostgresBinaries();

    private volatile @Nullable Path folder;

    private PostgresBinaries() {
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        AtomicBoolean closed = new AtomicBoolean();
        return new DigestInputStream(DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware),
                md5) {
            @Override
            public void close() throws IOException {
                super.close();
                // zonky closes the archive twice; the digest is only whole (and only valid) the first time
                if (!closed.getAndSet(true)) {
                    folder = workingDirectory().resolve("PG-" + HexFormat.of().formatHex(md5.digest()));
                }
            }
        };
    }

    /** The folder zonky unpacks into, by its own rule (the {@code ot.epg.working-dir} property, else the temp dir). */
    private static Path workingDirectory() {
        return Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    }

    /**
     * Runs one of the programs with {@code input} on its standard input and answers what it printed. Run as root, it
     * goes through {@code unshare -U} as zonky does, since PostgreSQL refuses to run as root.
     *
     * @throws IllegalStateException if it fails, or prints an error: {@code postgres --single} exits with 0 even then
     */
    static String run(String program, List<String> arguments, String input) throws IOException {
        Path binaries = INSTANCE.folder;
        if (binaries == null || !Files.isExecutable(binaries.resolve("bin").resolve(program))) {
            throw new IllegalStateException("the embedded PostgreSQL's " + program + " is not unpacked"
                    + (binaries == null ? "" : " in " + binaries));
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream stdout = process.getInputStream()) {
            stdout.transferTo(output);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within 60 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + program, e);
        }
        String printed = output.toString(StandardCharsets.UTF_8);
        if (process.exitValue() != 0 || printed.contains("ERROR:") || printed.contains("FATAL:")) {
            throw new IllegalStateException(program + " failed (exit " + process.exitValue() + "): " + printed.strip());
        }
        return printed;
    }
}
