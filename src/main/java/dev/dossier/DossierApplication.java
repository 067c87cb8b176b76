package dev.dossier;

import dev.dossier.keys.KeyRotationCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Dossier: customer dossiers kept true, complete, safe and useful. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DossierApplication {

    public static void main(String[] args) {
        if (KeyRotationCommand.requested(args)) {
            System.exit(KeyRotationCommand.run(args));
        }
        SpringApplication.run(DossierApplication.class, args);
    }
}
