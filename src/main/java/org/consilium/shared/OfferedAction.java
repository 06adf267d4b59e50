package org.consilium.shared;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An action a policy decides that may be offered to clients in {@code allowedActions}, by a stable wire name. Actions
 * without one are read rights or steps taken on the caller's behalf.
 */
public interface OfferedAction {

    @Nullable String wireName();

    /** The wire names of the actions the predicate allows, in the order given, leaving out those without one. */
    static <A extends OfferedAction> List<String> allowedNames(A[] actions, Predicate<A> allowed) {
        return Arrays.stream(actions)
                .filter(a -> a.wireName() != null && allowed.test(a))
                .map(OfferedAction::wireName)
                .filter(Objects::nonNull)
                .toList();
    }
}
