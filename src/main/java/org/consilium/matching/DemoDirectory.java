package org.consilium.matching;

import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.OperatorAccess;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fictitious expert centers and specialists for the demo profile, loaded once into an empty directory through the
 * same path an administrator takes, as the local operator.
 */
@Component
@Order(20)
@ConditionalOnBooleanProperty("consilium.demo.enabled")
class DemoDirectory implements ApplicationRunner {

    private final Directory directory;
    private final IdentityManagement identity;
    private final AccessScope operator;

    DemoDirectory(Directory directory, IdentityManagement identity, AccessScopes scopes, OperatorAccess operator) {
        this.directory = directory;
        this.identity = identity;
        this.operator = scopes.of(operator.operator());
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!directory.centers().isEmpty()) {
            return;
        }
        CenterId northbridge = center("Northbridge Cancer Institute", "Boston", "America/New_York",
                "MEDICAL_ONCOLOGY", "SURGICAL_ONCOLOGY", "RADIATION_ONCOLOGY", "HEMATOLOGY");
        CenterId lakeshore = center("Lakeshore Neuroscience Center", "Chicago", "America/Chicago", "NEUROSURGERY");
        CenterId westfield = center("Westfield Heart & Vascular", "Seattle", "America/Los_Angeles", "CARDIOLOGY");
        list(northbridge, "oncologist@example.org", "Professor of Medicine, breast and lung cancer", "en it",
                "MEDICAL_ONCOLOGY", "HEMATOLOGY");
        list(northbridge, "surgeon@example.org", "Surgical oncologist, hepatobiliary and pancreas", "en ko",
                "SURGICAL_ONCOLOGY");
        list(lakeshore, "neurosurgeon@example.org", "Neurosurgeon, brain and spine tumors", "en yo", "NEUROSURGERY");
        list(westfield, "cardiologist@example.org", "Interventional cardiologist", "en es", "CARDIOLOGY");
    }

    private CenterId center(String name, String city, String timeZone, String... specialties) {
        return directory.addCenter(operator,
                Directory.CenterDetails.parse(name, city, "US", timeZone, List.of(specialties)));
    }

    private void list(CenterId center, String email, String title, String languages, String... specialties) {
        identity.findByEmail(email).ifPresent(account -> directory.list(operator, account.actor().id(),
                account.actor().displayName(), center,
                Directory.ProfileDetails.parse(title, List.of(specialties), languages)));
    }
}
