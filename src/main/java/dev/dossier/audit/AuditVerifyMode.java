package dev.dossier.audit;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A verification run ({@code --dossier.audit.verify}) starts beside a running Dossier: it takes any free port,
 * does not pick up unfinished event publications (the running instance does), and keeps its output to the result.
 */
public class AuditVerifyMode implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(AuditVerifyRunner.OPTION)) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "auditVerifyMode",
                            Map.of(
                                    "server.port", "0",
                                    "spring.modulith.events.republish-outstanding-events-on-restart", "false",
                                    "spring.main.banner-mode", "off",
                                    "spring.main.log-startup-info", "false",
                                    "logging.level.root", "warn",
                                    "logging.level.org.flywaydb", "error",
                                    "logging.level.org.jooq", "error")));
        }
    }
}
