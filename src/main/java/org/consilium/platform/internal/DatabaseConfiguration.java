package org.consilium.platform.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.consilium.platform.ConsiliumProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One pool on the external PostgreSQL when {@code consilium.db.url} is set, else on the embedded one. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Passwords that ship in examples and defaults; production refuses them. */
    private static final java.util.Set<String> DEFAULT_PASSWORDS = java.util.Set.of("", "postgres", "consilium",
            "password", "changeme", "secret");

    @Bean
    EmbeddedServer embeddedServer(ConsiliumProperties properties, org.springframework.core.env.Environment environment,
            org.consilium.platform.KeyRing keys) throws IOException {
        // The key ring is a parameter so that missing or bad keys refuse the start before any database is set up.
        ConsiliumProperties.Db db = properties.db();
        if (db.url() != null && !db.url().isBlank()) {
            if (environment.matchesProfiles("production")
                    && DEFAULT_PASSWORDS.contains(db.password() == null ? "" : db.password().strip())) {
                throw new IllegalStateException("Refusing to start: CONSILIUM_DB_PASSWORD is missing or a default "
                        + "value; production needs the database's own password.");
            }
            return new EmbeddedServer(null, db.url(), db.user(), db.password(), false, null);
        }
        if (db.ephemeral()) {
            return new EmbeddedServer(null, EmbeddedDatabase.freshEphemeralDatabase(), "postgres", null, true, null);
        }
        java.nio.channels.FileChannel claim = EmbeddedDatabase.claim(properties.dataDir());
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedDatabase.startPersistent(properties.dataDir());
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
        log.info("Embedded PostgreSQL running on port {} with data in {}", postgres.getPort(),
                properties.dataDir().resolve("postgres").toAbsolutePath());
        return new EmbeddedServer(postgres, EmbeddedDatabase.jdbcUrl(postgres), "postgres", null, false, claim);
    }

    @Bean
    DataSource dataSource(EmbeddedServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(10);
        config.setPoolName("consilium");
        return new HikariDataSource(config);
    }

    /** Where the pool points; owns the embedded server, if any, and stops it after the pool is closed. */
    record EmbeddedServer(EmbeddedPostgres postgres, String url, String user, String password, boolean ephemeral,
            java.nio.channels.FileChannel claim) implements DisposableBean {

        @Override
        public void destroy() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
            if (claim != null) {
                claim.close();
            }
            if (ephemeral) {
                EmbeddedDatabase.releaseEphemeral();
            }
        }
    }
}
