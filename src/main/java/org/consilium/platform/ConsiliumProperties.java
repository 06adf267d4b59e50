package org.consilium.platform;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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
 * @param limits how much the app reads from a request and stores
 * @param trustedProxies the reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto
 *     are believed; none by default, so a client cannot choose the address its requests are counted under
 * @param publicBaseUrl the address people reach the app at, such as {@code https://consilium.example.org}; every
 *     absolute link and redirect is built from it, never from a request's Host header. Required in production; the
 *     demo uses {@code http://localhost:<port>}
 */
@ConfigurationProperties("consilium")
public record ConsiliumProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Db db,
        @DefaultValue Secrets secrets, @DefaultValue Limits limits, @DefaultValue List<String> trustedProxies,
        @Nullable URI publicBaseUrl) {

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
     * @param masterKey base64 of 32 random bytes; wraps the data key of every stored file. A key not seen before
     *     becomes the next version, which {@code ./consilium keys rotate} moves every data key to
     * @param signingKey base64 of an Ed25519 private key in PKCS#8; signs opinions
     * @param generate whether missing keys are generated into the data directory (the demo profile)
     * @param previousMasterKeys the master keys a rotation is moving away from (base64 each), needed until it is
     *     finished; a retired one is ignored
     */
    public record Secrets(@Nullable String masterKey, @Nullable String signingKey,
            @DefaultValue("false") boolean generate, @DefaultValue List<String> previousMasterKeys) {

        @Override
        public String toString() {
            return "Secrets[generate=" + generate + "]";
        }
    }

    /**
     * @param jsonBody the largest JSON body an API request may send; uploads have their own limit
     * @param concurrentUploads how many uploads one account may have under way at once, over all app instances
     * @param caseStorage how many bytes of records one case may hold
     * @param accountRequests how many requests one client address may make in ten minutes, over all app instances,
     *     to the pages and endpoints that register, mail a link or spend one: enough for a family behind one router,
     *     too few to bomb mailboxes or flood the audit trail with made-up links
     */
    public record Limits(@DefaultValue("1MB") DataSize jsonBody, @DefaultValue("3") int concurrentUploads,
            @DefaultValue("20GB") DataSize caseStorage, @DefaultValue("30") int accountRequests) {
    }
}
