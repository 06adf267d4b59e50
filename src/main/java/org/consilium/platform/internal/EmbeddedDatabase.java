package org.consilium.platform.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the app runs itself when no external database is configured.
 *
 * <p>Persistent mode keeps its data under the data directory with fsync on, so it survives restarts and crashes.
 * Ephemeral mode (tests) starts one throw-away server per JVM and hands each application context a fresh database,
 * so cached contexts never see each other's rows.
 */
public final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String DATABASE = "consilium";
    private static EmbeddedPostgres shared;
    private static int sharedUsers;

    private EmbeddedDatabase() {
    }

    /**
     * Claims the data directory for this process: an exclusive lock on {@code consilium.lock} that the operating
     * system drops when the process ends, however it ends. Only the holder may start (or clean up after) the
     * embedded server, so a second start on the same folder is refused instead of stopping the first one's database.
     */
    public static FileChannel claim(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve("consilium.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Refusing to start: another Consilium is already running on "
                    + dataDir.toAbsolutePath() + ". Stop it first, or use another CONSILIUM_DATA_DIR.");
        }
        return channel;
    }

    /**
     * Starts the server on {@code dataDir/postgres}; close it when the app stops. The caller must hold the data
     * directory's {@link #claim claim}.
     */
    public static EmbeddedPostgres startPersistent(Path dataDir) throws IOException {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(pgData);
        stopLeftoverPostmaster(pgData);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                // Stopped by the application context after its pool is closed, not by a racing JVM hook.
                .setRegisterShutdownHook(false)
                .start();
        createDatabaseIfMissing(postgres.getPostgresDatabase(), DATABASE);
        return postgres;
    }

    public static String jdbcUrl(EmbeddedPostgres postgres) {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    /**
     * A fresh database on the JVM's shared throw-away server; answers its JDBC URL. Each call must be paired with
     * {@link #releaseEphemeral()} when its user (an application context) closes; the last release stops the server,
     * after every pool on it is closed.
     */
    public static synchronized String freshEphemeralDatabase() throws IOException {
        if (shared == null) {
            shared = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        }
        sharedUsers++;
        String name = "consilium_" + UUID.randomUUID().toString().replace("-", "");
        createDatabaseIfMissing(shared.getPostgresDatabase(), name);
        return shared.getJdbcUrl("postgres", name);
    }

    public static synchronized void releaseEphemeral() {
        if (--sharedUsers > 0 || shared == null) {
            return;
        }
        try {
            shared.close();
        } catch (IOException e) {
            log.warn("could not stop the embedded test database", e);
        }
        shared = null;
    }

    private static void createDatabaseIfMissing(DataSource admin, String name) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + name, e);
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running, and the next start would fail on the lock file: stop
     * such a leftover (only if it really is a postgres process) before starting.
     */
    static void stopLeftoverPostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::strip)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        log.warn("Stopping a PostgreSQL server left running by an earlier start (pid {})", postmaster.get().pid());
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a PostgreSQL server from an earlier start is still running on "
                    + pgData + " (pid " + postmaster.get().pid() + "); stop it and start again", e);
        }
    }
}
