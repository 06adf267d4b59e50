package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * The upload path's own code under arbitrary input: type detection never fails, and stored content that is not what
 * was written fails its integrity check, never anything else. Seeds run in every build; set {@code JAZZER_FUZZ=1}
 * to fuzz.
 */
class UploadFuzzTests {

    private static final ContentTypes TYPES = new ContentTypes();
    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");

    @FuzzTest(maxDuration = "30s")
    void any_bytes_get_a_type_and_a_verdict(FuzzedDataProvider data) {
        String name = data.consumeString(300);
        byte[] content = data.consumeRemainingAsBytes();
        String type = TYPES.detect(content, name);
        assertThat(type).isNotBlank().contains("/");
        boolean accepted = TYPES.accepted(type);
        if (type.contains("executable") || type.contains("sharedlib") || type.contains("svg")
                || type.contains("javascript") || type.equals("text/html")) {
            assertThat(accepted).as(type).isFalse();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void stored_bytes_that_were_not_written_fail_as_tampering(FuzzedDataProvider data) {
        UUID id = new UUID(data.consumeLong(), data.consumeLong());
        byte[] stored = data.consumeRemainingAsBytes();
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(id, KEY, stored))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
