package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.consilium.platform.ConsiliumProperties;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** An external PostgreSQL: who runs the migrations, who is granted what, and what is said about it. */
class DatabaseConfigurationTests {

    private static final String URL = "jdbc:postgresql://db.internal:5432/consilium";

    @TempDir
    Path dataDir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void listen() {
        log.start();
        ((Logger) LoggerFactory.getLogger(DatabaseConfiguration.class)).addAppender(log);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(DatabaseConfiguration.class)).detachAppender(log);
    }

    @Test
    void with_a_migration_user_flyway_signs_in_as_it_and_grants_the_apps_user_its_rights() throws Exception {
        // given
        var configuration = new DatabaseConfiguration();

        // when
        var database = configuration.database(properties("app", "app-secret", "owner", "owner-secret"),
                new MockEnvironment(), keys());
        FlywayConnectionDetails flyway = configuration.flywayConnectionDetails(database);

        // then
        assertThat(database.app()).isEqualTo(new Login("app", "app-secret"));
        assertThat(flyway.getJdbcUrl()).isEqualTo(URL);
        assertThat(flyway.getUsername()).isEqualTo("owner");
        assertThat(flyway.getPassword()).isEqualTo("owner-secret");
        assertThat(configuration.appRoleGrants(database).supports(Event.AFTER_MIGRATE, null)).isTrue();
        assertThat(log.list).isEmpty();
    }

    @Test
    void without_a_migration_user_flyway_uses_the_apps_pool_grants_nothing_and_says_so_once() throws Exception {
        // given
        var configuration = new DatabaseConfiguration();

        // when
        var database = configuration.database(properties("app", "app-secret", null, null), new MockEnvironment(),
                keys());
        FlywayConnectionDetails flyway = configuration.flywayConnectionDetails(database);

        // then
        assertThat(flyway.getJdbcUrl()).isNull();
        assertThat(flyway.getUsername()).isNull();
        assertThat(configuration.appRoleGrants(database).supports(Event.AFTER_MIGRATE, null)).isFalse();
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("WARN");
            assertThat(event.getFormattedMessage()).contains("CONSILIUM_DB_MIGRATION_USER is not set")
                    .contains("database administrator").doesNotContain("app-secret");
        });
    }

    @Test
    void production_refuses_a_default_migration_password() {
        // given
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");

        // when / then
        assertThatThrownBy(() -> new DatabaseConfiguration().database(
                properties("app", "a-real-one", "owner", "postgres"), production, keys()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Refusing to start: CONSILIUM_DB_MIGRATION_PASSWORD is missing or a default value; "
                        + "production needs the database's own password.");
    }

    @Test
    void the_migration_user_and_password_come_from_their_environment_variables() {
        // given
        var environment = new SystemEnvironmentPropertySource("systemEnvironment", Map.of("CONSILIUM_DB_URL", URL,
                "CONSILIUM_DB_MIGRATION_USER", "owner", "CONSILIUM_DB_MIGRATION_PASSWORD", "owner-secret"));

        // when
        ConsiliumProperties bound = new Binder(ConfigurationPropertySources.from(environment))
                .bind("consilium", ConsiliumProperties.class).get();

        // then
        assertThat(bound.db().migrationUser()).isEqualTo("owner");
        assertThat(bound.db().migrationPassword()).isEqualTo("owner-secret");
        assertThat(bound.db().toString()).doesNotContain("owner-secret");
    }

    private ConsiliumProperties properties(String user, String password, String migrationUser,
            String migrationPassword) {
        return new ConsiliumProperties(dataDir,
                new ConsiliumProperties.Db(URL, user, password, migrationUser, migrationPassword, false),
                new ConsiliumProperties.Secrets(null, null, false, java.util.List.of()),
                new ConsiliumProperties.Limits(org.springframework.util.unit.DataSize.ofMegabytes(1), 3,
                        org.springframework.util.unit.DataSize.ofGigabytes(2), 30), java.util.List.of(), null);
    }

    private static ConfiguredKeys keys() throws Exception {
        byte[] master = new byte[32];
        master[0] = 1;
        return KeyRingConfiguration.load(Base64.getEncoder().encodeToString(master),
                Base64.getEncoder().encodeToString(java.security.KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair().getPrivate().getEncoded()));
    }
}
