package org.consilium.records;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the vault keeps the ciphertext of records, under {@code consilium.storage} (environment variables
 * {@code CONSILIUM_STORAGE_TYPE}, {@code CONSILIUM_STORAGE_S3_BUCKET}, …).
 *
 * @param type {@code filesystem} (the default: {@code <data-dir>/blobs}, for one app instance) or {@code s3} (an
 *     S3-compatible object store, which several app instances can share)
 * @param s3 the object store, read only when {@code type} is {@code s3}
 */
@ConfigurationProperties("consilium.storage")
public record StorageSettings(@DefaultValue("filesystem") Type type, @DefaultValue S3 s3) {

    public enum Type {
        FILESYSTEM, S3
    }

    /**
     * @param endpoint the store's address, such as {@code https://minio.internal:9000}; null for Amazon S3 itself,
     *     whose regional address the SDK knows
     * @param region the region requests are signed for; S3-compatible stores mostly accept any
     * @param bucket the bucket, which must exist: the app checks it at start and never creates it
     * @param accessKey the access key id of the app's credentials
     * @param secretKey their secret
     * @param prefix put before every object's name, so the bucket can hold other things too; a {@code /} is added
     *     when it does not end with one
     */
    public record S3(@Nullable URI endpoint, @DefaultValue("us-east-1") String region, @Nullable String bucket,
            @Nullable String accessKey, @Nullable String secretKey, @DefaultValue("blobs/") String prefix) {

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                    + accessKey + ", prefix=" + prefix + "]";
        }
    }
}
