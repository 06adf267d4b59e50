package org.consilium.platform;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code consilium.*}; each also comes from an environment variable ({@code CONSILIUM_DATA_DIR},
 * {@code CONSILIUM_DB_URL}, …).
 *
 * @param dataDir where the embedded database, stored files and demo secrets live
 * @param db the database; without a URL the app runs its own embedded PostgreSQL
 * @param secrets the service's keys, required in production
 * @param limits how much the app reads from a request
 */
@ConfigurationProperties("consilium")
public record ConsiliumProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Db db,
        @DefaultValue Secrets secrets, @DefaultValue Limits limits) {

    /**
     * @param url a JDBC URL of an external PostgreSQL; null for the embedded one
     * @param user the external database's role for the app's connections
     * @param migrationUser the external database's role that owns the schema and runs the migrations; when null,
     *     the migrations run as {@code user} and granting the app its table rights is left to the administrator
     * @param ephemeral for tests: one throw-away embedded server per JVM and a fresh database per application context
     */
    public record Db(@Nullable String url, @Nullable String user, @Nullable String password,
            @Nullable String migrationUser, @Nullable String migrationPassword,
            @DefaultValue("false") boolean ephemeral) {

        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", migrationUser=" + migrationUser + ", ephemeral="
                    + ephemeral + "]";
        }
    }

    /**
     * @param masterKey base64 of 32 random bytes; wraps the data key of every stored file
     * @param signingKey base64 of an Ed25519 private key in PKCS#8; signs opinions
     * @param generate whether missing keys are generated into the data directory (the demo profile)
     */
    public record Secrets(@Nullable String masterKey, @Nullable String signingKey,
            @DefaultValue("false") boolean generate) {
    }

    /**
     * @param jsonBody the largest JSON body an API request may send; uploads have their own limit
     */
    public record Limits(@DefaultValue("1MB") DataSize jsonBody) {
    }
}
