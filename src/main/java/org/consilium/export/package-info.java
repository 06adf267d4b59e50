/**
 * The right of access: a person downloads everything the service keeps about them, as one zip with a manifest that
 * gives each file's SHA-256. Reads through the other modules' APIs, with the caller's own scope, so each read is
 * decided and audited as any other.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "identity", "intake", "records", "review", "audit"})
package org.consilium.export;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
