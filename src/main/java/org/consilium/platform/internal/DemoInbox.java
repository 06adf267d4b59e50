package org.consilium.platform.internal;

import java.util.List;
import org.consilium.platform.OutgoingMail.Received;

/** The mails the demo's local mail server received, for the administrators' mail page. */
public interface DemoInbox {

    List<Received> newestFirst(int limit);
}
