package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;

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
        assertThat(handlers)
                .extracting(Handlers.Handler::label)
                .as("the enumeration finds Dossier's pages and API")
                .contains("GET /customers", "GET /api/v1/customers/{id}", "POST /api/v1/tokens", "GET /sign-in");

        var undeclared = undeclared(handlers);
        assertThat(undeclared)
                .as("handlers that declare neither @Permission, @Permission.SelfService nor "
                        + "@Permission.PublicEndpoint:\n  " + undeclared)
                .isEmpty();
    }

    @Test
    void aHandlerThatDeclaresNothingIsListed() throws Exception {
        var handlers = List.of(
                new Handlers.Handler("GET", "/forgotten", new HandlerMethod(new Samples(), "forgotten")),
                new Handlers.Handler("GET", "/declared", new HandlerMethod(new Samples(), "declared")),
                new Handlers.Handler("GET", "/open", new HandlerMethod(new OpenSamples(), "open")));
        assertThat(undeclared(handlers)).startsWith("GET /forgotten ->").doesNotContain("/declared", "/open");
    }

    private static String undeclared(List<Handlers.Handler> handlers) {
        return handlers.stream()
                .filter(h -> h.declared(Permission.class) == null
                        && h.declared(Permission.SelfService.class) == null
                        && h.declared(Permission.PublicEndpoint.class) == null)
                .map(h -> h.label() + " -> " + h.handler().getShortLogMessage())
                .collect(Collectors.joining("\n  "));
    }

    static class Samples {

        public String forgotten() {
            return "page";
        }

        @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
        public String declared() {
            return "page";
        }
    }

    @Permission.PublicEndpoint
    static class OpenSamples {

        public String open() {
            return "page";
        }
    }
}
