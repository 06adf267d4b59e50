package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default database keeps its data across restarts, with durable writes. */
class EmbeddedDatabaseTests {

    @TempDir
    Path dataDir;

    @Test
    void data_written_before_a_stop_is_there_after_the_next_start_with_fsync_on() throws Exception {
        // given a persistent server that stored a row and was stopped
        try (EmbeddedPostgres first = EmbeddedDatabase.startPersistent(dataDir)) {
            try (Connection c = connect(first); Statement s = c.createStatement()) {
                s.execute("create table kept (note text)");
                s.execute("insert into kept values ('still here')");
            }
        }

        // when it starts again on the same folder
        try (EmbeddedPostgres second = EmbeddedDatabase.startPersistent(dataDir);
                Connection c = connect(second); Statement s = c.createStatement()) {

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
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedDatabase.claim(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Refusing to start: another Consilium is already running on");
        }

        // and once released, it can be claimed again
        EmbeddedDatabase.claim(dataDir).close();
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(EmbeddedDatabase.jdbcUrl(postgres), "postgres", null);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
