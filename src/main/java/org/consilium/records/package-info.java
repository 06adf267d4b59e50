/**
 * Records: the clinical documents and studies attached to a case. Content is typed from its bytes, hashed, and kept
 * encrypted with a key of its own; nothing clinical is deleted.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "identity", "intake", "platform"})
package org.consilium.records;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
