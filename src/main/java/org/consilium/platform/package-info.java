/**
 * Platform: what every module stands on and none owns. The database (embedded PostgreSQL by default), the service's
 * keys, web security with its two doors (browser sessions and API bearer tokens), and the mapping of domain refusals
 * to RFC 9457 problem details and readable pages.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "identity"})
package org.consilium.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
