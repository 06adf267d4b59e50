package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default database keeps its data across restarts, with durable writes; it asks for passwords, also after an
 * upgrade from a version that did not; and it starts again after the app was killed.
 */
class EmbeddedDatabaseTests {

    @TempDir
    Path dataDir;

    @Test
    void data_written_before_a_stop_is_there_after_the_next_start_with_fsync_on() throws Exception {
        // given a persistent server that stored a row and was stopped
        try (EmbeddedDatabase first = EmbeddedDatabase.startPersistent(dataDir)) {
            try (Connection c = connect(first, first.owner()); Statement s = c.createStatement()) {
                s.execute("create table kept (note text)");
                s.execute("insert into kept values ('still here')");
            }
        }

        // when it starts again on the same folder
        try (EmbeddedDatabase second = EmbeddedDatabase.startPersistent(dataDir);
                Connection c = connect(second, second.owner()); Statement s = c.createStatement()) {

            // then the row is there, and writes are durable
            assertThat(single(s, "select note from kept")).isEqualTo("still here");
            assertThat(single(s, "show fsync")).isEqualTo("on");
            assertThat(single(s, "show synchronous_commit")).isEqualTo("on");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
    }

    @Test
    void a_second_claim_on_a_data_directory_in_use_is_refused() throws Exception {
        // given a process that holds the data directory
        try (var claim = EmbeddedDatabase.claim(dataDir)) {

            // when another start claims it, then it is refused, naming the folder
            assertThatThrownBy(() -> EmbeddedDatabase.claim(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Refusing to start: another Consilium is already running on");
        }

        // and once released, it can be claimed again
        EmbeddedDatabase.claim(dataDir).close();
    }

    @Test
    void a_trust_cluster_made_by_an_earlier_version_asks_for_passwords_after_its_next_start_and_keeps_its_rows()
            throws Exception {
        // given a data directory made the old way: trust authentication, migrated and written to as postgres
        Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgData)
                .setPgBinaryResolver(PostgresBinaries.INSTANCE) // the same binaries, unpacked once
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start()) {
            try (Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database consilium");
            }
            String url = "jdbc:postgresql://localhost:" + old.getPort() + "/consilium";
            migrate(url, new Login("postgres", null), null);
            try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
                s.execute("insert into platform_rate_limits values ('verify', 'kept', now(), 3)");
                s.execute("create function kept_hits() returns int language sql as "
                        + "'select hits from platform_rate_limits where subject = ''kept'''");
            }
        }

        // when the new version starts on it, and migrates as the app does
        try (EmbeddedDatabase upgraded = EmbeddedDatabase.startPersistent(dataDir)) {
            migrate(upgraded.url(), upgraded.owner(), EmbeddedDatabase.APP);

            // then the row is there, readable by the app's role
            try (Connection c = connect(upgraded, upgraded.app()); Statement s = c.createStatement()) {
                assertThat(single(s, "select hits from platform_rate_limits where subject = 'kept'")).isEqualTo("3");
                assertThat(single(s, "select current_user")).isEqualTo("consilium_app");
            }
            // and the database and everything in it belongs to the owner, nothing to postgres any more
            try (Connection c = connect(upgraded, upgraded.superuser()); Statement s = c.createStatement()) {
                assertThat(single(s, "select pg_get_userbyid(datdba) from pg_database where datname = 'consilium'"))
                        .isEqualTo("consilium_owner");
                assertThat(single(s, """
                        select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'public' and pg_get_userbyid(c.relowner) <> 'consilium_owner'"""))
                        .isEqualTo("0");
                assertThat(single(s, "select pg_get_userbyid(proowner) from pg_proc where proname = 'kept_hits'"))
                        .isEqualTo("consilium_owner");
                assertThat(single(s, "select count(*) from pg_tables where schemaname = 'public'"))
                        .isEqualTo(single(s, "select count(*) from pg_tables where schemaname = 'public' "
                                + "and tableowner = 'consilium_owner'"));
            }
            // and no connection gets in without a password any more
            for (String role : List.of("postgres", "consilium_owner", "consilium_app")) {
                assertThatThrownBy(() -> DriverManager.getConnection(upgraded.url(), role, null).close())
                        .as(role).isInstanceOf(SQLException.class);
            }
            assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf")))
                    .isEqualTo(PasswordAuthentication.HBA).doesNotContain("trust");
        }
    }

    @Test
    void a_postmaster_left_running_by_a_killed_app_is_stopped_although_a_client_is_connected() throws Exception {
        // given a cluster, and its postmaster running on after the app's JVM was killed, a client still connected
        EmbeddedDatabase.startPersistent(dataDir).close();
        Path pgData = dataDir.resolve("postgres");
        int port = freePort();
        PostgresBinaries.run("pg_ctl", List.of("start", "-w", "-D", pgData.toString(),
                "-l", dataDir.resolve("leftover.log").toString(), "-o", "-p " + port), "");
        long leftover = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().strip());
        String ownerPassword = Files.readString(dataDir.resolve("secrets/consilium_owner.password")).strip();
        try (Connection client = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/consilium",
                "consilium_owner", ownerPassword)) {
            assertThat(client.isValid(1)).isTrue();

            // when the app starts again
            long started = System.nanoTime();
            try (EmbeddedDatabase next = EmbeddedDatabase.startPersistent(dataDir);
                    Connection c = connect(next, next.owner()); Statement s = c.createStatement()) {
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                // then the leftover was stopped without waiting for its client, and the new server runs
                assertThat(ProcessHandle.of(leftover).filter(ProcessHandle::isAlive)).isEmpty();
                assertThat(took).isLessThan(Duration.ofSeconds(20));
                assertThat(single(s, "select 1")).isEqualTo("1");
                assertThat(client.isValid(1)).isFalse();
            }
        } finally {
            Optional<ProcessHandle> stillRunning = ProcessHandle.of(leftover).filter(ProcessHandle::isAlive);
            stillRunning.ifPresent(ProcessHandle::destroy);
        }
    }

    /** Runs the app's migrations as {@code login}, granting to {@code appRole} afterwards when there is one. */
    static void migrate(String url, Login login, String appRole) {
        Flyway.configure()
                .dataSource(url, login.user(), login.password())
                .locations("classpath:db/migration")
                .callbacks(new AppRoleGrants(appRole))
                .load()
                .migrate();
    }

    static Connection connect(EmbeddedDatabase database, Login login) throws SQLException {
        return DriverManager.getConnection(database.url(), login.user(), login.password());
    }

    static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
