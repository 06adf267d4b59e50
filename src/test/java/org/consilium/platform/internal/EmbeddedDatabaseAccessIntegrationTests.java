package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.consilium.platform.internal.EmbeddedDatabaseTests.connect;
import static org.consilium.platform.internal.EmbeddedDatabaseTests.migrate;
import static org.consilium.platform.internal.EmbeddedDatabaseTests.single;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a local account can do to the persistent embedded database, with or without the app's password: the hole of
 * issue 11 (connecting without a password, reading the master key with {@code pg_read_binary_file}, running a shell
 * command with {@code COPY … TO PROGRAM}) stays closed, and the audit trail is append-only for the app's role. One
 * server for the class, migrated as the app migrates it.
 */
class EmbeddedDatabaseAccessIntegrationTests {

    @TempDir
    static Path folder;

    static Path dataDir;

    static EmbeddedDatabase database;

    @BeforeAll
    static void start() throws Exception {
        dataDir = folder.resolve("data");
        database = EmbeddedDatabase.startPersistent(dataDir);
        migrate(database.url(), database.owner(), EmbeddedDatabase.APP);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    @Test
    void no_role_gets_in_without_its_password() {
        for (String role : List.of("postgres", "consilium_owner", "consilium_app")) {
            assertThatThrownBy(() -> DriverManager.getConnection(database.url(), role, null).close()).as(role)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(database.url(), role, "postgres").close()).as(role)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void the_generated_passwords_and_the_folders_that_hold_them_are_private() throws Exception {
        for (Path made : List.of(dataDir, dataDir.resolve("secrets"), dataDir.resolve("postgres"))) {
            assertThat(Files.getPosixFilePermissions(made)).as("%s", made)
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        for (String role : List.of("postgres", "consilium_owner", "consilium_app")) {
            Path file = dataDir.resolve("secrets/" + role + ".password");
            assertThat(Files.getPosixFilePermissions(file)).as("%s", file)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(file).strip()).matches("[A-Za-z0-9_-]{43}");
        }
    }

    @Test
    void the_server_listens_on_loopback_only_and_accepts_scram_passwords_only() throws Exception {
        try (Connection c = connect(database, database.superuser()); Statement s = c.createStatement()) {
            assertThat(single(s, "show listen_addresses")).isEqualTo("localhost");
            assertThat(single(s, "show password_encryption")).isEqualTo("scram-sha-256");
            assertThat(single(s, "select string_agg(distinct auth_method, ',') from pg_hba_file_rules"))
                    .isEqualTo("scram-sha-256");
            List<String> addresses = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("select coalesce(address, 'socket') from pg_hba_file_rules")) {
                while (rs.next()) {
                    addresses.add(rs.getString(1));
                }
            }
            assertThat(addresses).containsExactlyInAnyOrder("socket", "127.0.0.1", "::1");
            assertThat(single(s, "select count(*) from pg_authid where rolcanlogin and (rolpassword is null "
                    + "or rolpassword not like 'SCRAM-SHA-256$%')")).isEqualTo("0");
        }
    }

    @Test
    void the_app_role_may_not_read_server_files_nor_run_programs() throws Exception {
        try (Connection c = connect(database, database.app()); Statement s = c.createStatement()) {
            assertPermissionDenied(s,
                    "select pg_read_binary_file('/etc/hostname')",
                    "select pg_read_file('/etc/hostname')",
                    "select pg_ls_dir('/')",
                    "copy (select 1) to program 'true'",
                    "copy platform_rate_limits from '/etc/hostname'",
                    "select lo_import('/etc/hostname')",
                    "create table planted (x int)");
        }
    }

    @Test
    void the_app_role_may_append_to_the_audit_trail_and_read_it_but_not_change_delete_or_empty_it()
            throws Exception {
        try (Connection c = connect(database, database.app()); Statement s = c.createStatement()) {
            // given every append-only table of the schema, and a column of it that may be written
            var columns = new TreeMap<String, String>();
            try (ResultSet rs = s.executeQuery("""
                    select distinct on (c.relname) c.relname, a.attname
                    from pg_class c join pg_attribute a on a.attrelid = c.oid
                    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
                      and c.relname like 'audit\\_%'
                      and a.attnum > 0 and not a.attisdropped and a.attidentity = '' and a.attgenerated = ''
                    order by c.relname, a.attnum""")) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(columns).isNotEmpty();

            for (var tableAndColumn : columns.entrySet()) {
                String table = tableAndColumn.getKey();
                String column = tableAndColumn.getValue();

                // the app's role may read it and append to it
                assertThat(single(s, "select has_table_privilege('" + table + "', 'select') "
                        + "and has_table_privilege('" + table + "', 'insert')")).as(table).isEqualTo("t");

                // when it tries to change, delete, empty, alter or drop it, then the database refuses
                assertPermissionDenied(s,
                        "update " + table + " set " + column + " = " + column,
                        "delete from " + table,
                        "truncate " + table,
                        "alter table " + table + " disable trigger all",
                        "drop table " + table);

                // and granting itself the rights first changes nothing: only an owner could
                s.execute("grant update, delete, truncate on " + table + " to consilium_app");
                assertPermissionDenied(s, "update " + table + " set " + column + " = " + column);
            }
        }
    }

    /** Appends and reads a row of the audit trail, as the app does. */
    @Test
    void the_app_role_appends_and_reads_audit_rows() throws Exception {
        try (Connection c = connect(database, database.app()); Statement s = c.createStatement()) {
            s.execute("insert into audit_entries (occurred_at, action, outcome) values (now(), 'Probe', 'OK')");
            assertThat(single(s, "select action from audit_entries where action = 'Probe'")).isEqualTo("Probe");
        }
    }

    @Test
    void the_app_role_may_read_and_change_every_other_table_and_use_the_sequences() throws Exception {
        try (Connection c = connect(database, database.app()); Statement s = c.createStatement()) {
            s.execute("insert into platform_rate_limits values ('probe', 'x', now(), 1)");
            s.execute("update platform_rate_limits set hits = 2 where bucket = 'probe'");
            s.execute("delete from platform_rate_limits where bucket = 'probe'");
            s.execute("insert into event_publication (id, listener_id, event_type, serialized_event, "
                    + "publication_date) values (gen_random_uuid(), 'l', 't', '{}', now())");
            s.execute("update event_publication set completion_date = now()");
            s.execute("delete from event_publication");
            assertThat(single(s, "select nextval('intake_case_reference_seq')")).isEqualTo("1");
            assertThat(single(s, """
                    select count(*) from pg_class c
                    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
                      and c.relname not like 'audit\\_%' and c.relname <> 'flyway_schema_history'
                      and not (has_table_privilege(c.oid, 'select') and has_table_privilege(c.oid, 'insert')
                           and has_table_privilege(c.oid, 'update') and has_table_privilege(c.oid, 'delete'))"""))
                    .isEqualTo("0");
            assertThatThrownBy(() -> s.execute("select * from flyway_schema_history"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void the_app_role_is_no_superuser_and_owns_nothing() throws Exception {
        try (Connection c = connect(database, database.superuser()); Statement s = c.createStatement()) {
            assertThat(single(s, "select rolsuper or rolcreatedb or rolcreaterole or rolreplication or rolbypassrls "
                    + "from pg_roles where rolname = 'consilium_app'")).isEqualTo("f");
            assertThat(single(s, "select rolsuper from pg_roles where rolname = 'consilium_owner'")).isEqualTo("f");
            assertThat(single(s, "select count(*) from pg_auth_members where member = 'consilium_app'::regrole"))
                    .isEqualTo("0");
            assertThat(single(s, """
                    select (select count(*) from pg_class where relowner = 'consilium_app'::regrole)
                         + (select count(*) from pg_proc where proowner = 'consilium_app'::regrole)
                         + (select count(*) from pg_type where typowner = 'consilium_app'::regrole)
                         + (select count(*) from pg_namespace where nspowner = 'consilium_app'::regrole)
                         + (select count(*) from pg_database where datdba = 'consilium_app'::regrole)"""))
                    .isEqualTo("0");
        }
    }

    @Test
    void grants_are_refused_while_the_app_role_owns_a_table_since_it_could_grant_itself_anything() throws Exception {
        // given a database in which the app's role owns a table, as after migrations run as the app
        try (Connection c = connect(database, database.superuser()); Statement s = c.createStatement()) {
            s.execute("create database app_owned owner consilium_owner");
        }
        String url = database.url().replace("/consilium", "/app_owned");
        try (Connection c = DriverManager.getConnection(url, "postgres", database.superuser().password());
                Statement s = c.createStatement()) {
            s.execute("create table audit_kept (x int)");
            s.execute("alter table audit_kept owner to consilium_app");
        }

        // when the owner grants, then it refuses, naming the role and the way out
        try (Connection owner = DriverManager.getConnection(url, database.owner().user(),
                database.owner().password())) {
            assertThatThrownBy(() -> AppRoleGrants.grant(owner, EmbeddedDatabase.APP, "flyway_schema_history"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Refusing to start: the app's database role consilium_app owns 1 of")
                    .hasMessageContaining("REASSIGN OWNED BY consilium_app");
        }
    }

    /** Each statement fails with SQLSTATE 42501, insufficient_privilege. */
    private static void assertPermissionDenied(Statement s, String... statements) {
        for (String statement : statements) {
            assertThatThrownBy(() -> s.execute(statement)).as(statement)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }
}
