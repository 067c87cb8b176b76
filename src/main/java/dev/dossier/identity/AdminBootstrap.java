package dev.dossier.identity;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On the first start, creates the administrator {@code admin}: with the password from
 * {@code DOSSIER_ADMIN_PASSWORD}, or a generated one printed once to the log and to be changed at first sign-in.
 * Off ({@code dossier.admin-bootstrap=false}) while a backup or restore runs from the command line: a restore needs
 * an empty database.
 */
@Component
@ConditionalOnBooleanProperty(name = "dossier.admin-bootstrap", matchIfMissing = true)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserRepository users;
    private final UserManagement management;
    private final String configuredPassword;

    AdminBootstrap(
            UserRepository users,
            UserManagement management,
            @Value("${dossier.admin-password:}") String configuredPassword) {
        this.users = users;
        this.management = management;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.any()) {
            return;
        }
        var draft = new UserManagement.UserDraft(
                "admin", "Administrator", null, Set.of(Role.ADMINISTRATOR), null, null, true);
        if (configuredPassword != null && !configuredPassword.isBlank()) {
            management.create(draft, configuredPassword, false);
            log.info("Created the administrator 'admin' with the password from DOSSIER_ADMIN_PASSWORD.");
        } else {
            var password = management.generatePassword();
            management.create(draft, password, true);
            log.warn("""

                    ==========================================================
                      Dossier created the administrator account.
                        user:     admin
                        password: {}
                      This is shown only once; change it at first sign-in.
                    ==========================================================""", password);
        }
    }
}
