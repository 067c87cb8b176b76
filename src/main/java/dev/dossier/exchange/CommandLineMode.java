package dev.dossier.exchange;

import java.util.HashMap;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When Dossier is started to back up or restore from the command line, it starts without a public port, without
 * background jobs (scheduled backups among them) and without the start-up tasks that write (the first administrator, demo data, redelivery of
 * pending events); for a restore, Flyway waits too, since the restore migrates to the archive's version itself.
 * A normal start is unaffected.
 */
class CommandLineMode implements EnvironmentPostProcessor {

    static final String RESTORE = "dossier.restore.from";
    static final String BACKUP = "dossier.backup.to";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var restore = environment.getProperty(RESTORE, "");
        var backup = environment.getProperty(BACKUP, "");
        if (restore.isBlank() && backup.isBlank()) {
            return;
        }
        var properties = new HashMap<String, Object>();
        // The web stack stays (the security configuration needs it) but listens only on a free local port.
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.modulith.events.republish-outstanding-events-on-restart", "false");
        properties.put("dossier.demo", "false");
        properties.put("dossier.admin-bootstrap", "false");
        properties.put("dossier.backup.cron", "-");
        properties.put("dossier.scheduler.enabled", "false");
        environment.getPropertySources().addFirst(new MapPropertySource("dossierCommandLine", properties));
    }
}
