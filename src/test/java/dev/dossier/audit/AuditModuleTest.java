package dev.dossier.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The audit trail only listens and reads: no other module may depend on it. */
class AuditModuleTest {

    @Test
    void noModuleDependsOnTheAuditTrail() {
        var modules = ApplicationModules.of(DossierApplication.class);
        var audit = modules.getModuleByName("audit").orElseThrow();
        assertThat(modules.stream().filter(m -> !m.equals(audit))
                .filter(m -> m.getBootstrapDependencies(modules).anyMatch(audit::equals)
                        || m.getDirectDependencies(modules).contains(audit))
                .map(m -> m.getIdentifier().toString())).isEmpty();
    }
}
