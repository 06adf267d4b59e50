package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.CaseId;

/**
 * A case an account holds a live grant for, with the time of the case's last activity: the order of case lists, and
 * the cursor of their pages.
 */
public record CaseActivity(CaseId caseId, Instant activeAt) {
}
