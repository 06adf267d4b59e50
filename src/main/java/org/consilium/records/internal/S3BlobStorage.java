package org.consilium.records.internal;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.consilium.records.StorageSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Ciphertext in an S3-compatible object store, as objects named {@code <prefix><2 hex>/<blob id>} like the files
 * of {@link FileSystemBlobStorage}. A PUT is atomic and durable when it answers, and a multipart upload becomes its
 * object only when completed, so nothing half-written is ever read under a blob's name. Parts are durable when
 * {@code UploadPart} answers: any app instance can take the next one, and any can complete the blob.
 *
 * <p>The client sends and checks checksums only where the API requires them ({@code WHEN_REQUIRED}): many
 * S3-compatible stores refuse the SDK's newer default ones, and every 1 MiB segment carries its own AES-GCM tag,
 * checked on every read, so a changed byte is found anyway. Path-style addresses ({@code endpoint/bucket/key}) work
 * with every such store and need no DNS name per bucket.
 */
final class S3BlobStorage implements BlobStorage, AutoCloseable {

    /** S3's smallest part, but for the last. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
            + "-[0-9a-f]{12}");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3BlobStorage(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /**
     * Connects to the configured store and checks that its bucket is there and may be read, so that a wrong setting
     * stops the start rather than the first upload.
     *
     * @throws IllegalStateException naming what to set or fix when the settings are incomplete or the bucket cannot
     *     be reached
     */
    static S3BlobStorage connect(StorageSettings.S3 settings) {
        String bucket = required(settings.bucket(), "CONSILIUM_STORAGE_S3_BUCKET", "the bucket that holds the "
                + "records' ciphertext");
        String accessKey = required(settings.accessKey(), "CONSILIUM_STORAGE_S3_ACCESS_KEY", "the access key id");
        String secretKey = required(settings.secretKey(), "CONSILIUM_STORAGE_S3_SECRET_KEY", "the secret key");
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        S3Client client = builder.build();
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            client.close();
            String where = settings.endpoint() == null ? "Amazon S3 (" + settings.region() + ")"
                    : settings.endpoint().toString();
            throw new IllegalStateException("Refusing to start: the bucket " + bucket + " at " + where + " "
                    + (e instanceof S3Exception s && s.statusCode() == 404 ? "does not exist; create it first"
                    : e instanceof S3Exception s && s.statusCode() == 403 ? "may not be read with the configured "
                    + "credentials" : "cannot be reached (" + e.getMessage() + ")")
                    + ". Consilium never creates its bucket.", e);
        }
        return new S3BlobStorage(client, bucket, settings.prefix());
    }

    private static String required(String value, String variable, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Refusing to start: CONSILIUM_STORAGE_TYPE is s3 but " + variable
                    + " (" + what + ") is not set.");
        }
        return value.strip();
    }

    @Override
    public void put(String key, byte[] ciphertext) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(objectOf(key)).contentLength((long) ciphertext.length),
                    body(ciphertext, ciphertext.length));
        } catch (SdkException e) {
            throw failed("could not store blob " + key, e);
        }
    }

    /**
     * Reads the object a range at a time, as {@link SegmentedReader} asks: one segment (1 MiB and a little) per
     * request, so a download holds one segment in memory and a byte range fetches only the segments it touches.
     */
    @Override
    public SegmentedReader.Source open(String key) throws IOException {
        String object = objectOf(key);
        long size;
        try {
            size = s3.headObject(r -> r.bucket(bucket).key(object)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("could not open blob " + key, e);
        }
        return new SegmentedReader.Source() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void readFully(long position, byte[] into) throws IOException {
                if (into.length == 0) {
                    return;
                }
                if (position < 0 || position + into.length > size) {
                    throw new EOFException("the blob ended early");
                }
                String range = "bytes=" + position + "-" + (position + into.length - 1);
                try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(object)
                        .range(range))) {
                    if (in.readNBytes(into, 0, into.length) < into.length) {
                        throw new EOFException("the blob ended early");
                    }
                } catch (SdkException e) {
                    throw new IOException("could not read blob " + key, e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long minPartSize() {
        return MIN_PART_SIZE;
    }

    @Override
    public String beginParts(String key) {
        try {
            return s3.createMultipartUpload(r -> r.bucket(bucket).key(objectOf(key))).uploadId();
        } catch (SdkException e) {
            throw failed("could not start blob " + key, e);
        }
    }

    /** Each part is one {@code UploadPart}, durable once it answers; so {@code sync} has nothing left to do. */
    @Override
    public PartWriter writeParts(String key, String handle) {
        String object = objectOf(key);
        return new PartWriter() {
            @Override
            public void write(int number, long position, byte[] bytes, int length) throws IOException {
                try {
                    s3.uploadPart(r -> r.bucket(bucket).key(object).uploadId(handle).partNumber(number)
                            .contentLength((long) length), body(bytes, length));
                } catch (SdkException e) {
                    throw new IOException("could not write part " + number + " of blob " + key, e);
                }
            }

            @Override
            public void sync() {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Completes the multipart upload with parts 1 to {@code parts}, as the store lists them; parts past those
     * (written by a request that died before it counted them) are left out, and the store drops them. Done again
     * after a success (a retried finish), it finds the upload gone and the object there with the right size, and
     * does nothing.
     */
    @Override
    public void completeParts(String key, String handle, int parts, long size) {
        String object = objectOf(key);
        try {
            Map<Integer, Part> listed = new TreeMap<>();
            for (Part part : s3.listPartsPaginator(r -> r.bucket(bucket).key(object).uploadId(handle)).parts()) {
                if (part.partNumber() <= parts) {
                    listed.put(part.partNumber(), part);
                }
            }
            long held = listed.values().stream().mapToLong(Part::size).sum();
            if (listed.size() != parts || held != size) {
                if (storedWithSize(object, size)) {
                    return; // completed before (some stores still list a completed upload, without its parts)
                }
                throw new UncheckedIOException(new IOException("the parts of blob " + key + " are " + listed.size()
                        + " of " + parts + ", holding " + held + " of " + size + " bytes"));
            }
            if (parts == 0) {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(object).uploadId(handle));
                put(key, new byte[0]);
                return;
            }
            List<CompletedPart> completed = new ArrayList<>(parts);
            for (Part part : listed.values()) {
                completed.add(CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build());
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(object).uploadId(handle)
                    .multipartUpload(u -> u.parts(completed)));
        } catch (NoSuchUploadException e) {
            if (!storedWithSize(object, size)) {
                throw failed("the parts of blob " + key + " are gone", e);
            }
        } catch (S3Exception e) {
            // Some stores answer a completed (or unknown) upload id with a bare 404.
            if (e.statusCode() != 404 || !storedWithSize(object, size)) {
                throw failed("could not complete blob " + key, e);
            }
        } catch (SdkException e) {
            throw failed("could not complete blob " + key, e);
        }
    }

    private boolean storedWithSize(String object, long size) {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(object)).contentLength() == size;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Override
    public void abortParts(String key, String handle) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(objectOf(key)).uploadId(handle));
        } catch (NoSuchUploadException e) {
            // already aborted or completed
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failed("could not drop the parts of blob " + key, e);
            }
        } catch (SdkException e) {
            throw failed("could not drop the parts of blob " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(objectOf(key)));
        } catch (SdkException e) {
            throw failed("could not delete blob " + key, e);
        }
    }

    /**
     * Deletes the objects under the prefix that no row knows, last modified before {@code before}; objects whose
     * names are not blobs' are left alone. Multipart uploads are not swept here: an unfinished upload's parts are
     * known by its upload row, not by a blob row, and the upload purge aborts them by their handle when the upload is
     * ended or abandoned. Parts whose upload row never committed are left to the bucket's lifecycle rule
     * (docs/operations.md).
     */
    @Override
    public int deleteOrphans(Instant before, UnaryOperator<Set<UUID>> isKnown) {
        int deleted = 0;
        try {
            for (var page : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
                Map<UUID, String> candidates = new HashMap<>();
                for (S3Object object : page.contents()) {
                    String key = object.key().substring(prefix.length());
                    if (KEY.matcher(key).matches() && key.regionMatches(0, key, 3, 2)
                            && object.lastModified().isBefore(before)) {
                        candidates.put(UUID.fromString(key.substring(3)), object.key());
                    }
                }
                Set<UUID> known = candidates.isEmpty() ? Set.of() : isKnown.apply(candidates.keySet());
                for (var candidate : candidates.entrySet()) {
                    if (!known.contains(candidate.getKey())) {
                        s3.deleteObject(r -> r.bucket(bucket).key(candidate.getValue()));
                        deleted++;
                    }
                }
            }
        } catch (SdkException e) {
            throw failed("could not sweep " + bucket + "/" + prefix + " for orphaned blobs", e);
        }
        return deleted;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The bytes as a body the SDK can send again on a retry, without copying them. */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    private String objectOf(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return prefix + key;
    }

    private static UncheckedIOException failed(String what, SdkException e) {
        return new UncheckedIOException(what, new IOException(e.getMessage(), e));
    }
}
