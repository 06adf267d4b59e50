package org.consilium.matching.internal;

import org.consilium.identity.CenterAdministrators;
import org.consilium.shared.UserId;
import org.springframework.stereotype.Component;

/** The directory's answer to who administers a center: the appointments administrators made, not ended. */
@Component
class AppointedCenterAdministrators implements CenterAdministrators {

    private final DirectoryStore store;

    AppointedCenterAdministrators(DirectoryStore store) {
        this.store = store;
    }

    @Override
    public boolean administersACenter(UserId account) {
        return store.administersAny(account);
    }
}
