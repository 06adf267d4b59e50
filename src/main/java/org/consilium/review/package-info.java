/**
 * Review: the specialist's opinion on a case, from draft to a signed, immutable document whose canonical JSON is
 * hashed and signed with the service's Ed25519 key. Signing delivers the opinion to the patient.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "identity", "intake", "platform"})
package org.consilium.review;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
