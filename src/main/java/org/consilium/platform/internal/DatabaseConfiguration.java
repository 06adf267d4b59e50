package org.consilium.platform.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Set;
import javax.sql.DataSource;
import org.consilium.platform.ConsiliumProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The database: the external PostgreSQL when {@code consilium.db.url} is set, else the embedded one. The app's pool
 * signs in as the app's role; Flyway signs in as the role that owns the schema, when there is one, and then grants
 * the app's role its table rights ({@link AppRoleGrants}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Passwords that ship in examples and defaults; production refuses them. */
    private static final Set<String> DEFAULT_PASSWORDS = Set.of("", "postgres", "consilium", "password", "changeme",
            "secret");

    @Bean
    Database database(ConsiliumProperties properties, Environment environment, ConfiguredKeys keys) throws IOException {
        // The keys are a parameter so that missing or bad keys refuse the start before any database is set up.
        ConsiliumProperties.Db db = properties.db();
        if (db.url() != null && !db.url().isBlank()) {
            return external(db, environment.matchesProfiles("production"));
        }
        if (db.ephemeral()) {
            EmbeddedDatabase ephemeral = EmbeddedDatabase.freshEphemeral();
            return new Database(ephemeral.url(), ephemeral.app(), ephemeral.owner(), ephemeral);
        }
        FileChannel claim = EmbeddedDatabase.claim(properties.dataDir());
        EmbeddedDatabase embedded;
        try {
            embedded = EmbeddedDatabase.startPersistent(properties.dataDir());
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
        log.info("Embedded PostgreSQL running on port {} with data in {}", embedded.port(),
                properties.dataDir().resolve(DataDirectory.POSTGRES).toAbsolutePath());
        return new Database(embedded.url(), embedded.app(), embedded.owner(), () -> {
            try (claim) {
                embedded.close();
            }
        });
    }

    private static Database external(ConsiliumProperties.Db db, boolean production) {
        boolean migrationUser = db.migrationUser() != null && !db.migrationUser().isBlank();
        if (production) {
            refuseDefault(db.password(), "CONSILIUM_DB_PASSWORD");
            if (migrationUser) {
                refuseDefault(db.migrationPassword(), "CONSILIUM_DB_MIGRATION_PASSWORD");
            }
        }
        Login app = new Login(db.user(), db.password());
        if (!migrationUser || db.migrationUser().strip().equals(db.user())) {
            log.warn("CONSILIUM_DB_MIGRATION_USER is not set: migrations run as the app's database user, and "
                    + "granting it its table rights (none to change the audit trail) is left to the database "
                    + "administrator. See docs/operations.md (External PostgreSQL).");
            return new Database(db.url(), app, null, () -> { });
        }
        if (db.user() == null || db.user().isBlank()) {
            throw new IllegalStateException(RefusalFailureAnalyzer.PREFIX + "CONSILIUM_DB_MIGRATION_USER is set but "
                    + "CONSILIUM_DB_USER is not; the app needs a role of its own to be granted its rights.");
        }
        return new Database(db.url(), app, new Login(db.migrationUser().strip(), db.migrationPassword()), () -> { });
    }

    private static void refuseDefault(@Nullable String password, String variable) {
        if (DEFAULT_PASSWORDS.contains(password == null ? "" : password.strip())) {
            throw new IllegalStateException(RefusalFailureAnalyzer.PREFIX + variable + " is missing or a default "
                    + "value; production needs the database's own password.");
        }
    }

    @Bean
    DataSource dataSource(Database database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.app().user());
        config.setPassword(database.app().password());
        config.setMaximumPoolSize(10);
        config.setPoolName("consilium");
        return new HikariDataSource(config);
    }

    /** Flyway signs in as the migration role when there is one, else through the app's pool. */
    @Bean
    FlywayConnectionDetails flywayConnectionDetails(Database database) {
        Login migration = database.migration();
        return new FlywayConnectionDetails() {
            @Override
            public @Nullable String getJdbcUrl() {
                return migration == null ? null : database.url();
            }

            @Override
            public @Nullable String getUsername() {
                return migration == null ? null : migration.user();
            }

            @Override
            public @Nullable String getPassword() {
                return migration == null ? null : migration.password();
            }

            @Override
            public String getDriverClassName() {
                return "org.postgresql.Driver";
            }
        };
    }

    @Bean
    AppRoleGrants appRoleGrants(Database database) {
        return new AppRoleGrants(database.migration() == null ? null : database.app().user());
    }

    /**
     * Where the pool points and who signs in: the app, and the role that runs the migrations (null when the app's
     * own role runs them). Stops the embedded server, if any, after the pool is closed.
     */
    record Database(String url, Login app, @Nullable Login migration, Closeable resources)
            implements DisposableBean {

        @Override
        public void destroy() throws IOException {
            resources.close();
        }
    }
}
