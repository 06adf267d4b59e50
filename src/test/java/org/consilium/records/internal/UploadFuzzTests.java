package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * The upload path's own code under arbitrary input: screening always reaches a verdict, the name never changes the
 * type a file is accepted as, and stored content that is not what was written fails its integrity check, never anything
 * else. Seeds run in every build; set {@code JAZZER_FUZZ=1} to fuzz.
 */
class UploadFuzzTests {

    private static final FileScreening SCREENING = new FileScreening();
    private static final ContentTypes TYPES = new ContentTypes();
    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");

    @FuzzTest(maxDuration = "30s")
    void any_bytes_get_a_verdict_that_the_name_cannot_turn_into_an_acceptance(FuzzedDataProvider data) {
        String name = FileNames.normalise(data.consumeString(300));
        byte[] content = data.consumeRemainingAsBytes();

        Verdict named = SCREENING.screen(content, name);
        Verdict plain = SCREENING.screen(content, "file");

        String type = TYPES.detect(content);
        assertThat(type).isNotBlank().contains("/");
        if (named instanceof Verdict.Accepted accepted) {
            assertThat(plain).as("accepted under %s but not without a name", name)
                    .isInstanceOf(Verdict.Accepted.class);
            assertThat(accepted.contentType()).isEqualTo(((Verdict.Accepted) plain).contentType());
            assertThat(ContentTypes.accepted(accepted.contentType())).as(accepted.contentType()).isTrue();
            assertThat(ActiveContent.ofType(accepted.contentType())).isEmpty();
            assertThat(ActiveContent.byName(accepted.filename())).as(accepted.filename()).isEmpty();
        } else {
            assertThat(((Verdict.Refused) named).reason()).isNotBlank();
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
