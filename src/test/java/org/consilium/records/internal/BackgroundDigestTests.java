package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.consilium.shared.Sha256;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hash computed beside the request is the hash of every byte given, in order, whatever the pieces. */
class BackgroundDigestTests {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 65_536, 1 << 20, (1 << 20) + 1, 5 * (1 << 20) + 12_345, 17 * (1 << 20)})
    void the_digest_is_that_of_every_byte_given(int size) {
        // given
        Random random = new Random(size);
        byte[] content = new byte[size];
        random.nextBytes(content);
        BackgroundDigest digest = new BackgroundDigest(Sha256.newDigest());

        // when given in pieces of random sizes
        for (int at = 0; at < size; ) {
            int piece = Math.min(size - at, 1 + random.nextInt(300_000));
            digest.update(content, at, piece);
            at += piece;
        }

        // then
        assertThat(java.util.HexFormat.of().formatHex(digest.drain().digest())).isEqualTo(Sha256.hex(content));
        digest.close();
    }
}
