package org.consilium.platform.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.consilium.shared.PrivateFiles;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the app runs itself when no external database is configured, and one database on it.
 *
 * <p>Persistent mode keeps its data under the data directory with fsync on, so it survives restarts and crashes.
 * Ephemeral mode (tests) starts one throw-away server per JVM and hands each application context a fresh database,
 * so cached contexts never see each other's rows.
 *
 * <p>Both modes are locked down the same way: password (SCRAM-SHA-256) authentication only, on loopback; the
 * superuser {@code postgres} has a generated password and is used only here, to set up; the database belongs to
 * {@value #OWNER}, who runs the migrations; the app's pool signs in as {@value #APP}, which owns nothing and gets
 * only the table rights the migrations' callback grants it ({@link AppRoleGrants}). Persistent mode keeps the
 * generated passwords in {@code <data-dir>/secrets}; ephemeral mode keeps them in memory.
 */
final class EmbeddedDatabase implements Closeable {

    static final String SUPERUSER = "postgres";
    static final String OWNER = "consilium_owner";
    static final String APP = "consilium_app";
    private static final String DATABASE = "consilium";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private static @Nullable Cluster shared;
    private static int sharedUsers;

    private final int port;
    private final String database;
    private final Passwords passwords;
    private final Closeable stop;

    private EmbeddedDatabase(int port, String database, Passwords passwords, Closeable stop) {
        this.port = port;
        this.database = database;
        this.passwords = passwords;
        this.stop = stop;
    }

    /**
     * Claims the data directory for this process: an exclusive lock on {@code consilium.lock} that the operating
     * system drops when the process ends, however it ends. Only the holder may start (or clean up after) the
     * embedded server, so a second start on the same folder is refused instead of stopping the first one's database.
     */
    static FileChannel claim(Path dataDir) throws IOException {
        PrivateFiles.createFolders(dataDir);
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
     * Starts the server on {@code dataDir/postgres}, upgrading a cluster made by an earlier version (trust
     * authentication, everything owned by {@code postgres}) on the way; close it when the app stops. The caller must
     * hold the data directory's {@link #claim claim}.
     */
    static EmbeddedDatabase startPersistent(Path dataDir) throws IOException {
        Path pgData = dataDir.resolve(DataDirectory.POSTGRES).toAbsolutePath();
        PrivateFiles.createFolders(pgData);
        stopLeftoverPostmaster(pgData);
        Path secrets = dataDir.resolve(DataDirectory.SECRETS);
        Passwords passwords = new Passwords(
                SecretFiles.readOrCreate(secrets.resolve(SUPERUSER + ".password"), SecretFiles::newPassword),
                SecretFiles.readOrCreate(secrets.resolve(OWNER + ".password"), SecretFiles::newPassword),
                SecretFiles.readOrCreate(secrets.resolve(APP + ".password"), SecretFiles::newPassword));
        EmbeddedPostgres postgres = secured(passwords.superuser())
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try {
            new Cluster(postgres, passwords).setUp(DATABASE);
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw new IllegalStateException("could not set up the embedded database's roles: " + e.getMessage(), e);
        }
        return new EmbeddedDatabase(postgres.getPort(), DATABASE, passwords, postgres);
    }

    /**
     * A fresh database on the JVM's shared throw-away server, locked down like the persistent one. Close it when its
     * user (an application context) closes; the last close stops the server, after every pool on it is closed.
     */
    static synchronized EmbeddedDatabase freshEphemeral() throws IOException {
        if (shared == null) {
            Passwords passwords = new Passwords(SecretFiles.newPassword(), SecretFiles.newPassword(),
                    SecretFiles.newPassword());
            Cluster cluster = new Cluster(secured(passwords.superuser()).start(), passwords);
            try {
                cluster.setUp(null);
            } catch (SQLException | RuntimeException e) {
                cluster.server().close();
                throw new IllegalStateException("could not set up the embedded test database's roles", e);
            }
            shared = cluster;
        }
        String name = "consilium_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = shared.server().getPostgresDatabase().getConnection()) {
            ClusterRoles.ensureDatabase(c, name, OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + name, e);
        }
        sharedUsers++;
        return new EmbeddedDatabase(shared.server().getPort(), name, shared.passwords(),
                EmbeddedDatabase::releaseEphemeral);
    }

    private static synchronized void releaseEphemeral() {
        if (--sharedUsers > 0 || shared == null) {
            return;
        }
        try {
            shared.server().close();
        } catch (IOException e) {
            log.warn("could not stop the embedded test database", e);
        }
        shared = null;
    }

    /** A zonky server that asks for passwords from its first start on (see {@link PasswordAuthentication}). */
    private static EmbeddedPostgres.Builder secured(String superuserPassword) {
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver(PostgresBinaries.INSTANCE)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky's own readiness check signs in as the superuser
                .setConnectConfig("password", superuserPassword)
                .setDataDirectoryCustomizer(pgData -> {
                    try {
                        PasswordAuthentication.require(pgData.toPath(), SUPERUSER, superuserPassword);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                // Stopped by the application context after its pool is closed, not by a racing JVM hook.
                .setRegisterShutdownHook(false);
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    int port() {
        return port;
    }

    /** The role that owns the database and runs the migrations. */
    Login owner() {
        return new Login(OWNER, passwords.owner());
    }

    /** The role the app's pool signs in as. */
    Login app() {
        return new Login(APP, passwords.app());
    }

    /** The superuser, for the set-up only; tests use it to look at the cluster as an attacker with its password. */
    Login superuser() {
        return new Login(SUPERUSER, passwords.superuser());
    }

    @Override
    public void close() throws IOException {
        stop.close();
    }

    private record Passwords(String superuser, String owner, String app) {

        @Override
        public String toString() {
            return "Passwords[…]";
        }
    }

    /** What the superuser sets up on a running server. */
    private record Cluster(EmbeddedPostgres server, Passwords passwords) {

        /**
         * Creates the two roles, or puts their attributes and passwords back to what they must be; then, if a
         * database is named, creates it for the owner, or hands an existing one and everything in it to the owner.
         */
        void setUp(@Nullable String database) throws SQLException {
            boolean existed = false;
            try (Connection c = server.getPostgresDatabase().getConnection()) {
                ClusterRoles.ensureRole(c, OWNER, passwords.owner());
                ClusterRoles.ensureRole(c, APP, passwords.app());
                if (database != null) {
                    existed = ClusterRoles.ensureDatabase(c, database, OWNER);
                }
            }
            if (existed) {
                try (Connection c = server.getDatabase(SUPERUSER, database).getConnection()) {
                    ClusterRoles.transferOwnership(c, OWNER);
                }
            }
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running, and the next start would fail on its lock file: stop
     * such a leftover (only if it really is a postgres process) before starting. SIGINT asks for a "fast" shutdown,
     * which ends the sessions of clients still connected to it; SIGTERM ("smart") would wait for them to leave.
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
        long pid = postmaster.get().pid();
        log.warn("Stopping a PostgreSQL server left running by an earlier start (pid {})", pid);
        interrupt(postmaster.get());
        try {
            postmaster.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a PostgreSQL server from an earlier start is still running on "
                    + pgData + " (pid " + pid + "); stop it and start again", e);
        }
    }

    /** Sends SIGINT, which Java's process API cannot; without a {@code kill} program, falls back to SIGTERM. */
    private static void interrupt(ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            log.warn("no kill program to ask PostgreSQL (pid {}) for a fast shutdown; asking for a smart one",
                    process.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }
}
