package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;

/**
 * No endpoint is open by omission: every page and API handler of Dossier says what it needs, a permission, self
 * service or public. Read from the running application's mappings, so a new endpoint is checked the day it is added.
 */
@DossierTest
@AutoConfigureMockMvc
class EveryHandlerDeclaresAccessTest {

    @Autowired
    ApplicationContext context;

    @Test
    void everyDossierHandlerDeclaresAPermissionSelfServiceOrPublic() {
        var handlers = Handlers.of(context);
        assertThat(handlers).extracting(Handlers.Handler::label)
                .as("the enumeration finds Dossier's pages and API")
                .contains("GET /customers", "GET /api/v1/customers/{id}", "POST /api/v1/tokens", "GET /sign-in");

        var undeclared = handlers.stream()
                .filter(h -> h.declared(Permission.class) == null && h.declared(Permission.SelfService.class) == null
                        && h.declared(Permission.PublicEndpoint.class) == null)
                .map(h -> h.label() + " -> " + h.handler().getShortLogMessage())
                .collect(Collectors.joining("\n  "));
        assertThat(undeclared).as("handlers that declare neither @Permission, @Permission.SelfService nor "
                + "@Permission.PublicEndpoint:\n  " + undeclared).isEmpty();
    }
}
