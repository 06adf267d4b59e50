package org.consilium.intake;

import java.util.ArrayList;
import java.util.List;
import org.consilium.identity.AccessScope;
import org.springframework.stereotype.Service;

/**
 * The {@code allowedActions} of a case answer: intake's own, then every other module's, each decided by its module's
 * policy, so clients and pages offer exactly what the server will accept.
 */
@Service
public class AllowedActions {

    private final List<CaseActionSource> sources;

    AllowedActions(List<CaseActionSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<String> of(AccessScope scope, CaseView c) {
        List<String> allowed = new ArrayList<>(c.allowedActionNames());
        sources.forEach(source -> allowed.addAll(source.allowedActions(scope, c)));
        return List.copyOf(allowed);
    }
}
