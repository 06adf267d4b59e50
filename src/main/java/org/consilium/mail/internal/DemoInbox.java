package org.consilium.mail.internal;

import java.util.List;
import org.consilium.mail.OutgoingMail.Received;

/** The mails the demo's local mail server received, for the administrators' mail page. */
public interface DemoInbox {

    List<Received> newestFirst(int limit);
}
