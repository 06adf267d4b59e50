package org.consilium.platform.internal;

import static org.consilium.platform.internal.PasswordAuthentication.quoted;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jspecify.annotations.Nullable;

/**
 * After every migration run (at every start), gives the app's role what the app needs and nothing more, so that a
 * table a migration adds is usable at once, and a right that should not be there is taken away again:
 * <ul>
 * <li>{@code USAGE} on the schema;
 * <li>{@code SELECT, INSERT, UPDATE, DELETE} on every table and view, except
 * <li>{@code SELECT, INSERT} only on tables whose name starts with {@value #APPEND_ONLY_PREFIX}: the audit trail is
 * append-only, so the database refuses the app's role {@code UPDATE}, {@code DELETE} and {@code TRUNCATE} there;
 * <li>nothing on Flyway's history table;
 * <li>{@code USAGE, SELECT, UPDATE} on every sequence.
 * </ul>
 * It runs as the role that runs the migrations, which owns the tables. The app's role must own none of them: an owner
 * can grant itself again whatever is revoked from it.
 */
final class AppRoleGrants implements Callback {

    static final String APPEND_ONLY_PREFIX = "audit_";

    private final @Nullable String appRole;

    /** @param appRole the role to grant to; null when there is nobody to grant to (migrations run as the app) */
    AppRoleGrants(@Nullable String appRole) {
        this.appRole = appRole;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return appRole != null && event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            grant(context.getConnection(), appRole, context.getConfiguration().getTable());
        } catch (SQLException e) {
            throw new IllegalStateException("could not grant the app's role its rights on the tables", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "grant the app's role its table rights";
    }

    /** Grants {@code role} its rights on the current schema's tables, as described above. */
    static void grant(Connection owner, String role, String historyTable) throws SQLException {
        String schema;
        List<String> tables = new ArrayList<>();
        int owned = 0;
        try (PreparedStatement q = owner.prepareStatement("""
                select current_schema(), c.relname, pg_get_userbyid(c.relowner) = ?
                from pg_class c
                where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p', 'v')
                order by c.relname""")) {
            q.setString(1, role);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                schema = rs.getString(1);
                do {
                    tables.add(rs.getString(2));
                    owned += rs.getBoolean(3) ? 1 : 0;
                } while (rs.next());
            }
        }
        if (owned > 0) {
            throw new IllegalStateException(RefusalFailureAnalyzer.PREFIX + "the app's database role " + role
                    + " owns " + owned + " of the tables in schema " + schema + ", so it could grant itself back "
                    + "what is revoked from it (changing the audit trail included). Give them to the role that runs "
                    + "the migrations (REASSIGN OWNED BY " + role + " TO <migration user>); see docs/operations.md.");
        }
        String grantee = quoted(role);
        try (Statement s = owner.createStatement()) {
            s.addBatch("GRANT USAGE ON SCHEMA " + quoted(schema) + " TO " + grantee);
            for (String table : tables) {
                String name = quoted(schema) + "." + quoted(table);
                s.addBatch("REVOKE ALL ON TABLE " + name + " FROM " + grantee);
                if (table.equals(historyTable)) {
                    continue;
                }
                String rights = table.startsWith(APPEND_ONLY_PREFIX) ? "SELECT, INSERT"
                        : "SELECT, INSERT, UPDATE, DELETE";
                s.addBatch("GRANT " + rights + " ON TABLE " + name + " TO " + grantee);
            }
            s.addBatch("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + quoted(schema) + " TO " + grantee);
            s.executeBatch();
        }
    }
}
