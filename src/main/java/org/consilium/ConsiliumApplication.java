package org.consilium;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Consilium: remote expert second opinions, one Spring Boot application split into Modulith modules. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsiliumApplication {

    public static void main(String[] args) {
        if (Commands.isCommand(args)) {
            System.exit(Commands.run(args));
        }
        SpringApplication.run(ConsiliumApplication.class, args);
    }
}
