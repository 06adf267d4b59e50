/**
 * Audit: an append-only, hash-chained trail of every read and write of patient data, every sign-in and every denial.
 * It listens to every module's events; no module depends on it.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "identity", "platform", "intake", "records", "review", "matching"})
package org.consilium.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
