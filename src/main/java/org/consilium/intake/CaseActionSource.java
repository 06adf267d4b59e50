package org.consilium.intake;

import java.util.List;
import org.consilium.identity.AccessScope;

/**
 * Another module's actions on a case, decided by that module's policy, for the {@code allowedActions} of case answers
 * (records: {@code uploadRecord}; review: {@code sign}; …).
 */
public interface CaseActionSource {

    /** The wire names of the actions the caller may take on the case now. */
    List<String> allowedActions(AccessScope scope, CaseView c);
}
