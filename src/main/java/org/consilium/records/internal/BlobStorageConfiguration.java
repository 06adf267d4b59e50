package org.consilium.records.internal;

import java.io.IOException;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.records.StorageSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The blob storage {@code consilium.storage.type} names: {@code filesystem} (the default) or {@code s3}. The S3
 * adapter's client is closed with the context (its {@code close} is the bean's inferred destroy method).
 */
@Configuration(proxyBeanMethods = false)
class BlobStorageConfiguration {

    @Bean
    BlobStorage blobStorage(ConsiliumProperties properties, StorageSettings settings) throws IOException {
        return switch (settings.type()) {
            case FILESYSTEM -> new FileSystemBlobStorage(properties);
            case S3 -> S3BlobStorage.connect(settings.s3());
        };
    }
}
