package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.ConsiliumApplication;
import org.consilium.ObjectStore;
import org.consilium.shared.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Several app instances on one database and one S3-compatible store (S3Proxy, in this JVM): a resumable upload begun
 * on one instance goes on on another after the first is stopped, and the record reads back from both. Instance B
 * holds a fresh database of the JVM's embedded PostgreSQL; instance A joins it as an external database, with the same
 * keys, as a second server of the same deployment would. These contexts are this class's own, closed after it.
 */
class ObjectStorageInstancesIntegrationTests {

    private static final int MIB = 1 << 20;
    private static final String BUCKET = "consilium-instances";

    private static ObjectStore store;
    private static final List<ConfigurableApplicationContext> running = new ArrayList<>();

    @BeforeAll
    static void startStore() throws Exception {
        store = ObjectStore.start();
        store.createBucket(BUCKET);
    }

    @AfterAll
    static void stopAll() throws Exception {
        // the instance that holds the database last
        for (ConfigurableApplicationContext context : running.reversed()) {
            context.close();
        }
        store.close();
    }

    @Test
    void an_upload_begun_on_one_instance_goes_on_on_another_after_the_first_stops_and_reads_back_from_both()
            throws Exception {
        // given two instances on one database and one object store
        String[] keys = keys();
        ConfigurableApplicationContext b = start("b", keys, "--consilium.db.ephemeral=true",
                "--consilium.demo.enabled=true");
        ConfigurableApplicationContext a = start("a", keys, joining(b));
        ApiClient onA = new ApiClient(port(a));
        ApiClient onB = new ApiClient(port(b));
        String patient = onA.token("patient@example.org");
        String caseId = openCase(onA, patient);

        // and an 8.25 MiB file whose first 6.5 MiB reach instance A: one 5 MiB part in storage, the rest in the row
        byte[] content = text(8 * MIB + MIB / 4);
        int firstPiece = 6 * MIB + MIB / 2;
        Response created = onA.send("POST", "/api/v1/uploads", patient, tus(Map.of("Upload-Length",
                Integer.toString(content.length), "Upload-Metadata", metadata(caseId))), BodyPublishers.noBody());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String location = created.header("Location").orElseThrow();
        Response first = patch(onA, patient, location, 0, Arrays.copyOf(content, firstPiece));
        assertThat(first.status()).as("%s", first).isEqualTo(204);

        // when A stops, and the client asks B where the upload is and sends B the rest
        a.close();
        Response head = onB.send("HEAD", location, patient, tus(Map.of()), BodyPublishers.noBody());
        long offset = Long.parseLong(head.header("Upload-Offset").orElseThrow());
        Response rest = patch(onB, patient, location, offset, Arrays.copyOfRange(content, (int) offset,
                content.length));

        // then B stored the record, hashed again from the object store, and it reads back from B and from A again
        assertThat(head.status()).isEqualTo(200);
        assertThat(offset).isEqualTo(firstPiece);
        assertThat(rest.status()).as("%s", rest).isEqualTo(204);
        String recordId = rest.header("Record-Id").orElseThrow();
        String path = "/api/v1/cases/" + caseId + "/records/" + recordId + "/content";
        Response fromB = onB.get(patient, path);
        assertThat(fromB.status()).isEqualTo(200);
        assertThat(fromB.body()).isEqualTo(content);
        ConfigurableApplicationContext again = start("a", keys, joining(b));
        Response fromA = new ApiClient(port(again)).get(patient, path);
        assertThat(fromA.status()).isEqualTo(200);
        assertThat(fromA.body()).isEqualTo(content);
        Response listed = onB.get(patient, "/api/v1/cases/" + caseId + "/records");
        assertThat(listed.json().values()).anySatisfy(record -> {
            assertThat(record.get("id").asString()).isEqualTo(recordId);
            assertThat(record.get("sha256").asString()).isEqualTo(Sha256.hex(content));
        });
        // and the store holds the record's ciphertext, never its text
        String storageKey = b.getBean(JdbcClient.class).sql("select b.storage_key from records_blobs b join "
                + "records_records r on r.blob_id = b.id where r.id = ?").param(UUID.fromString(recordId))
                .query(String.class).single();
        byte[] stored = store.bytes(BUCKET, "blobs/" + storageKey);
        assertThat(stored.length).isGreaterThan(content.length);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("haemoglobin");
    }

    /** An app instance of the deployment, on a port of its own, with its own data directory. */
    private static ConfigurableApplicationContext start(String name, String[] keys, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.jmx.enabled=false",
                "--consilium.data-dir=" + Path.of("target", "test-data", "instance-" + name + "-" + UUID.randomUUID())
                        .toAbsolutePath(),
                "--consilium.secrets.master-key=" + keys[0],
                "--consilium.secrets.signing-key=" + keys[1],
                "--consilium.purges.enabled=false",
                "--spring.modulith.republish-outstanding-events-on-restart=false",
                "--consilium.storage.type=s3",
                "--consilium.storage.s3.endpoint=" + store.endpoint(),
                "--consilium.storage.s3.region=" + ObjectStore.REGION,
                "--consilium.storage.s3.bucket=" + BUCKET,
                "--consilium.storage.s3.access-key=" + ObjectStore.ACCESS_KEY,
                "--consilium.storage.s3.secret-key=" + ObjectStore.SECRET_KEY));
        args.addAll(List.of(more));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsiliumApplication.class)
                .run(args.toArray(String[]::new));
        running.add(context);
        return context;
    }

    /** The settings of an instance that joins {@code holder}'s database, as an external one. */
    private static String[] joining(ConfigurableApplicationContext holder) {
        HikariDataSource pool = holder.getBean(HikariDataSource.class);
        FlywayConnectionDetails migrations = holder.getBean(FlywayConnectionDetails.class);
        return new String[] {"--consilium.db.url=" + pool.getJdbcUrl(), "--consilium.db.user=" + pool.getUsername(),
                "--consilium.db.password=" + pool.getPassword(),
                "--consilium.db.migration-user=" + migrations.getUsername(),
                "--consilium.db.migration-password=" + migrations.getPassword(),
                "--consilium.demo.enabled=false"};
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The deployment's master key and signing key, shared by its instances. */
    private static String[] keys() throws Exception {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        return new String[] {Base64.getEncoder().encodeToString(master), Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded())};
    }

    private static String openCase(ApiClient api, String token) {
        Response opened = api.post(token, "/api/v1/cases", Map.of("diagnosis", "Uploads across instances",
                "specialty", "MEDICAL_ONCOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Moved?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    private static Response patch(ApiClient api, String token, String location, long offset, byte[] piece) {
        return api.send("PATCH", location, token, tus(Map.of("Upload-Offset", Long.toString(offset),
                "Content-Type", "application/offset+octet-stream")), BodyPublishers.ofByteArray(piece));
    }

    private static Map<String, String> tus(Map<String, String> more) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(more);
        headers.put("Tus-Resumable", "1.0.0");
        return headers;
    }

    private static String metadata(String caseId) {
        return Map.of("caseId", caseId, "category", "LAB_RESULT", "filename", "long labs.txt", "filetype",
                "text/plain").entrySet().stream().map(e -> e.getKey() + " " + Base64.getEncoder()
                .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))).collect(Collectors.joining(","));
    }

    /** Lab-report-like text, different at every offset so that misplaced bytes show. */
    private static byte[] text(int length) {
        StringBuilder text = new StringBuilder(length + 64);
        Random random = new Random(length);
        int line = 0;
        while (text.length() < length) {
            text.append("Line ").append(line++).append(": haemoglobin ").append(10 + random.nextInt(60) / 10.0)
                    .append(" g/dL\n");
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }
}
