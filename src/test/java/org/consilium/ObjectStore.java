package org.consilium;

import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for tests: S3Proxy, in this JVM, on a free loopback port, over jclouds' in-memory
 * ("transient") blob store, checking AWS v2/v4 signatures against one access key. Close it when done.
 */
public final class ObjectStore implements AutoCloseable {

    public static final String ACCESS_KEY = "consilium-test";
    public static final String SECRET_KEY = "consilium-test-secret-key";
    public static final String REGION = "us-east-1";

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private ObjectStore(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    public static ObjectStore start() throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            for (int i = 0; i < 10_000 && !proxy.getState().equals("STARTED"); i++) {
                Thread.sleep(1);
            }
            if (!proxy.getState().equals("STARTED")) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
        } catch (Exception e) {
            proxy.stop();
            context.close();
            throw e;
        }
        return new ObjectStore(context, proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Makes a bucket, as an operator does before the app's first start. */
    public void createBucket(String name) {
        context.getBlobStore().createContainerInLocation(null, name);
    }

    /** The names of the bucket's objects, as the store itself lists them (no multipart uploads). */
    public java.util.List<String> objects(String bucket) {
        return context.getBlobStore().list(bucket, org.jclouds.blobstore.options.ListContainerOptions.Builder
                .recursive()).stream().map(org.jclouds.blobstore.domain.StorageMetadata::getName).sorted().toList();
    }

    /** An object's bytes, as the store holds them. */
    public byte[] bytes(String bucket, String name) throws java.io.IOException {
        try (var in = context.getBlobStore().getBlob(bucket, name).getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
