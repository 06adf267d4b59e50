/**
 * Who is asking and what they may see: accounts and roles, sign-in and API tokens, and the per-case access grants
 * from which every request's {@link org.consilium.identity.AccessScope} is resolved. Deny by default.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared", "mail"})
package org.consilium.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
