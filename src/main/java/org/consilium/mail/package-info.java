/**
 * Mail: the one way out for e-mail. A module queues a mail in its own transaction ({@link OutgoingMail#send}); the
 * outbox is delivered over SMTP with retries, and administrators see each mail's state. Mails carry a link, never
 * clinical content. Depends on nothing but the shared kernel, so every module, identity included, may send mail.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"shared"})
package org.consilium.mail;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
