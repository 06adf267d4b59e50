package org.consilium.platform.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.platform.MasterKeyRotation;
import org.consilium.shared.ApiErrors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/keys/rotation}: the master key's rotation, for an administrator or the local operator
 * ({@code ./consilium keys rotate}).
 */
@RestController
@RequestMapping("/api/v1/admin/keys/rotation")
class KeyAdminApiController {

    private final MasterKeyRotation rotation;

    KeyAdminApiController(MasterKeyRotation rotation) {
        this.rotation = rotation;
    }

    record RotationResponse(int currentVersion, String currentKeyId, List<Integer> retiringVersions,
            @Nullable Integer nextVersion, long remaining, long rewrapped, List<Integer> retiredVersions,
            String summary, List<String> nextSteps) {

        static RotationResponse of(MasterKeyRotation.Status s) {
            return new RotationResponse(s.current(), s.currentKeyId(), s.retiring(), s.next(), s.remaining(),
                    s.rewrapped(), s.retired(), s.summary(), s.nextSteps());
        }
    }

    @Operation(summary = "Where the master key stands", description = "The version that wraps new data keys (with its key id, a fingerprint, never the key), the versions a rotation under way is moving away from and how many data keys are still wrapped under them, and a version configured and waiting to be rotated to.")
    @ApiErrors({403})
    @GetMapping
    RotationResponse status(AccessScope scope) {
        return RotationResponse.of(rotation.status(scope));
    }

    @Operation(summary = "Rotate the master key", description = "Makes the next master key version current (the demo generates it into its secrets folder; elsewhere it is configured first as CONSILIUM_SECRETS_MASTER_KEY, with the present key in CONSILIUM_SECRETS_PREVIOUS_MASTER_KEYS, on every instance), wraps every data key again under it, in batches, without re-encrypting any content, and retires the old version once none is left under it. Answers when done, with what the operator does next. A rotation that was interrupted is taken up where it stopped. Without a new key configured, answers 409 saying how to configure one. Audited at its start and its end.")
    @ApiErrors(value = {403, 409}, stepUp = true)
    @PostMapping
    RotationResponse rotate(AccessScope scope) {
        return RotationResponse.of(rotation.rotate(scope, progress -> { }));
    }
}
