/**
 * Intake: the second-opinion case, its questions and its lifecycle from draft to closed. Every transition is a named
 * method of {@link org.consilium.intake.SecondOpinionCase} that checks role and state, records actor and time, and
 * publishes a {@link org.consilium.intake.CaseEvent}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "identity", "platform"})
package org.consilium.intake;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
