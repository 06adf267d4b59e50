package org.consilium.platform.internal;

import org.consilium.identity.DemoAccounts;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever ran {@code ./consilium start} where the app is and, in the demo, how to sign in. */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class ReadyBanner {

    private final Environment environment;

    ReadyBanner(Environment environment) {
        this.environment = environment;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        StringBuilder banner = new StringBuilder()
                .append("\n\n  Consilium is ready at http://localhost:").append(port).append("/\n")
                .append("  API description: http://localhost:").append(port).append("/v3/api-docs\n");
        if (environment.getProperty("consilium.demo.enabled", Boolean.class, false)) {
            banner.append("\n  Demo accounts (password ").append(DemoAccounts.PASSWORD).append("):\n");
            for (DemoAccounts.Demo demo : DemoAccounts.ALL) {
                banner.append(String.format("    %-28s %s%n", demo.email(), demo.role().label()));
            }
        }
        System.out.println(banner);
    }
}
