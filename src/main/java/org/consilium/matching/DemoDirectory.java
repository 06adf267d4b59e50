package org.consilium.matching;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.consilium.identity.IdentityManagement;
import org.consilium.matching.internal.DirectoryStore;
import org.consilium.shared.Specialty;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Fictitious expert centers and specialists for the demo profile, loaded once into an empty directory. */
@Component
@Order(20)
@ConditionalOnBooleanProperty("consilium.demo.enabled")
class DemoDirectory implements ApplicationRunner {

    private final DirectoryStore directory;
    private final IdentityManagement identity;

    DemoDirectory(DirectoryStore directory, IdentityManagement identity) {
        this.directory = directory;
        this.identity = identity;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (directory.countCenters() > 0) {
            return;
        }
        UUID northbridge = directory.insertCenter("Northbridge Cancer Institute", "Boston", "US");
        UUID lakeshore = directory.insertCenter("Lakeshore Neuroscience Center", "Chicago", "US");
        UUID westfield = directory.insertCenter("Westfield Heart & Vascular", "Seattle", "US");
        add(northbridge, "oncologist@example.org", "Professor of Medicine, breast and lung cancer",
                Set.of(Specialty.MEDICAL_ONCOLOGY, Specialty.HEMATOLOGY), List.of("en", "it"));
        add(northbridge, "surgeon@example.org", "Surgical oncologist, hepatobiliary and pancreas",
                Set.of(Specialty.SURGICAL_ONCOLOGY), List.of("en", "ko"));
        add(lakeshore, "neurosurgeon@example.org", "Neurosurgeon, brain and spine tumors",
                Set.of(Specialty.NEUROSURGERY), List.of("en", "yo"));
        add(westfield, "cardiologist@example.org", "Interventional cardiologist",
                Set.of(Specialty.CARDIOLOGY), List.of("en", "es"));
    }

    private void add(UUID center, String email, String title, Set<Specialty> specialties, List<String> languages) {
        identity.findByEmail(email).ifPresent(account -> directory.insertSpecialist(center, account.actor().id(),
                account.actor().displayName(), title, specialties, languages));
    }
}
