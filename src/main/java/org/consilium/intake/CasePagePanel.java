package org.consilium.intake;

import java.util.Map;
import org.consilium.identity.AccessScope;

/**
 * Another module's part of the case page (records, opinion, offers). The page reads the case and every panel in one
 * transaction, so one view of the page is one audited read.
 */
public interface CasePagePanel {

    /** Adds what the panel shows under one model attribute of its own; its template fragment reads it from there. */
    void addTo(AccessScope scope, CaseView c, Map<String, Object> model);
}
