package org.consilium.identity;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The demo profile's accounts, created on first start into an empty database. */
@Component
@Order(10)
@ConditionalOnBooleanProperty("consilium.demo.enabled")
public class DemoAccounts implements ApplicationRunner {

    public static final String PASSWORD = "consilium-demo";

    /** One demo account. */
    public record Demo(String email, String name, Role role) {
    }

    public static final List<Demo> ALL = List.of(
            new Demo("patient@example.org", "Maria Santos", Role.PATIENT),
            new Demo("patient2@example.org", "James Okafor", Role.PATIENT),
            new Demo("coordinator@example.org", "Nora Lindqvist", Role.COORDINATOR),
            new Demo("oncologist@example.org", "Dr. Elena Marchetti", Role.SPECIALIST),
            new Demo("neurosurgeon@example.org", "Dr. Samuel Adeyemi", Role.SPECIALIST),
            new Demo("surgeon@example.org", "Dr. Hannah Kim", Role.SPECIALIST),
            new Demo("cardiologist@example.org", "Dr. Rafael Ortega", Role.SPECIALIST),
            new Demo("director@example.org", "Dr. Ingrid Halvorsen", Role.MEDICAL_DIRECTOR),
            new Demo("admin@example.org", "Site Administrator", Role.ADMIN));

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    private final IdentityManagement identity;
    private final org.consilium.identity.internal.AccountStore accounts;

    DemoAccounts(IdentityManagement identity, org.consilium.identity.internal.AccountStore accounts) {
        this.identity = identity;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.count() > 0) {
            return;
        }
        for (Demo demo : ALL) {
            identity.registerVerified(new Registration(demo.email(), demo.name(), PASSWORD, demo.role(), true));
        }
        log.info("Loaded {} demo accounts", ALL.size());
    }
}
