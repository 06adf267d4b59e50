/**
 * The shared kernel: typed identifiers every module speaks of and the domain exceptions that carry a reason.
 * No beans live here.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package org.consilium.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
