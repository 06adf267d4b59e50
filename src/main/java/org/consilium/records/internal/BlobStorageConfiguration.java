package org.consilium.records.internal;

import java.io.IOException;
import org.consilium.platform.ConsiliumProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The blob storage {@code consilium.storage.type} names: {@code filesystem} (the default) or {@code s3}. */
@Configuration(proxyBeanMethods = false)
class BlobStorageConfiguration {

    @Bean
    BlobStorage blobStorage(ConsiliumProperties properties) throws IOException {
        return new FileSystemBlobStorage(properties);
    }
}
