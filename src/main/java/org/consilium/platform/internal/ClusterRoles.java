package org.consilium.platform.internal;

import static org.consilium.platform.internal.PasswordAuthentication.quoted;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.util.PasswordUtil;

/** The superuser's set-up work on the embedded cluster: the roles, the database, and who owns what. */
final class ClusterRoles {

    private ClusterRoles() {
    }

    /**
     * Creates the role if it is missing, and (again at every start) makes it a plain login role with the given
     * password: no superuser, no creating databases or roles, no replication, no bypassing row security. The server
     * receives a SCRAM verifier, never the password.
     */
    static void ensureRole(Connection superuser, String role, String password) throws SQLException {
        try (Statement s = superuser.createStatement()) {
            if (!exists(superuser, "select 1 from pg_roles where rolname = ?", role)) {
                s.execute("CREATE ROLE " + quoted(role));
            }
            s.execute("ALTER ROLE " + quoted(role) + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                    + " NOBYPASSRLS PASSWORD '" + PasswordUtil.encodeScramSha256(password.toCharArray()) + "'");
        }
    }

    /**
     * Creates the database for {@code owner}, or gives an existing one to it.
     *
     * @return whether the database existed already
     */
    static boolean ensureDatabase(Connection superuser, String database, String owner) throws SQLException {
        try (PreparedStatement q = superuser.prepareStatement(
                "select pg_get_userbyid(datdba) from pg_database where datname = ?");
                Statement s = superuser.createStatement()) {
            q.setString(1, database);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + quoted(database) + " OWNER " + quoted(owner));
                    return false;
                }
                if (!owner.equals(rs.getString(1))) {
                    s.execute("ALTER DATABASE " + quoted(database) + " OWNER TO " + quoted(owner));
                }
                return true;
            }
        }
    }

    /**
     * Hands every object in the database's own schemas to {@code owner}: what an earlier version created as the
     * superuser. {@code REASSIGN OWNED BY postgres} cannot do it ("required by the database system": the bootstrap
     * superuser also owns the catalogs), so each table, view, sequence, routine, type and schema is altered by name.
     * Sequences that belong to a table's column move with their table. The schema {@code public} stays with
     * {@code pg_database_owner}, that is, with the database's owner. Connect to that database as the superuser.
     */
    static void transferOwnership(Connection superuser, String owner) throws SQLException {
        try (Statement s = superuser.createStatement()) {
            s.execute(TRANSFER.replace(":owner", quoted(owner).replace("'", "''")));
        }
    }

    private static final String TRANSFER = """
            do $$
            declare
                target constant regrole := ':owner'::regrole;
                r record;
            begin
                for r in select n.nspname from pg_namespace n
                         where n.nspowner not in (target, 'pg_database_owner'::regrole)
                           and n.nspname not in ('information_schema', 'public') and n.nspname not like 'pg\\_%'
                loop
                    execute format('alter schema %I owner to %I', r.nspname, target);
                end loop;
                for r in select c.oid::regclass as name, c.relkind from pg_class c
                         join pg_namespace n on n.oid = c.relnamespace
                         where c.relowner <> target and c.relkind in ('r', 'p', 'v', 'm', 'f')
                           and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
                loop
                    execute format('alter %s %s owner to %I', case r.relkind when 'v' then 'view'
                        when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end,
                        r.name, target);
                end loop;
                for r in select c.oid::regclass as name from pg_class c
                         join pg_namespace n on n.oid = c.relnamespace
                         where c.relowner <> target and c.relkind = 'S'
                           and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
                loop
                    execute format('alter sequence %s owner to %I', r.name, target);
                end loop;
                for r in select p.oid::regprocedure as name from pg_proc p
                         join pg_namespace n on n.oid = p.pronamespace
                         where p.proowner <> target
                           and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
                loop
                    execute format('alter routine %s owner to %I', r.name, target);
                end loop;
                for r in select t.oid::regtype as name, t.typtype from pg_type t
                         join pg_namespace n on n.oid = t.typnamespace
                         where t.typowner <> target and t.typtype in ('c', 'd', 'e', 'r')
                           and (t.typrelid = 0 or (select relkind from pg_class where oid = t.typrelid) = 'c')
                           and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
                loop
                    execute format('alter %s %s owner to %I', case r.typtype when 'd' then 'domain' else 'type' end,
                        r.name, target);
                end loop;
            end $$""";

    private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
