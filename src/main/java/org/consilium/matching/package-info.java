/**
 * Matching: the directory of expert centers and specialists, and the offers of a case to a specialist, with their
 * answers. An offer grants the specialist a first look; acceptance grants the review.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "identity", "intake", "platform"})
package org.consilium.matching;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
