package dev.dossier.audit;

import java.io.PrintStream;
import java.util.function.IntConsumer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar dossier.jar --dossier.audit.verify} verifies the trail, prints the result and exits with 0 when
 * it is intact, 1 when not. Without the option Dossier starts as usual.
 */
@Component
class AuditVerifyRunner implements ApplicationRunner {

    static final String OPTION = "dossier.audit.verify";

    private final AuditVerification verification;
    private final PrintStream out;
    private final IntConsumer exit;

    @org.springframework.beans.factory.annotation.Autowired
    AuditVerifyRunner(AuditVerification verification, ConfigurableApplicationContext context) {
        this(verification, System.out, status -> System.exit(SpringApplication.exit(context, () -> status)));
    }

    /** With where to print and how to end: closing the application and exiting with the status, in production. */
    AuditVerifyRunner(AuditVerification verification, PrintStream out, IntConsumer exit) {
        this.verification = verification;
        this.out = out;
        this.exit = exit;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(OPTION)) {
            return;
        }
        var result = verification.verify();
        out.println(result.describe());
        out.flush();
        exit.accept(result.intact() ? 0 : 1);
    }
}
