package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.CaseId;

/**
 * A case an account holds a live grant for, why, and when the case was last active: a row of the account's case list,
 * whose reason lets the case's policy decide what the list may show of it.
 */
public record GrantedCase(CaseId caseId, Instant activeAt, GrantReason reason) {
}
