package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;

/**
 * A person downloaded all their data (the right of access); on the audit trail, with how many cases it held. Kept
 * here with the other records of reads of personal data, so the audit trail hears of it without depending on the
 * module that writes the download.
 */
public record PersonalDataExported(UserId accountId, Role role, int cases, Instant at) {
}
