package dev.dossier.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document: its title, server, security schemes and what every operation has in common. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI dossierOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Dossier API")
                        .version("v1")
                        .description("Customer dossiers. Errors are RFC 9457 problem+json. Create a personal token "
                                + "with POST /api/v1/tokens (HTTP Basic) or on the Account page, then send "
                                + "Authorization: Bearer <token>.")
                        .contact(new Contact().name("The administrators of this Dossier installation"))
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("The server that serves this document")))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A personal token: Authorization: Bearer dsr_…"))
                        .addSecuritySchemes(
                                "basic",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("User name and password; only to issue a token")));
    }

    @Bean
    OpenApiCustomizer dossierApiContract() {
        return new ApiContract();
    }

    /** Operation ids that say what they are: the controller's resource and the handler, {@code customer.list}. */
    @Bean
    GlobalOperationCustomizer dossierOperationIds() {
        return (operation, handler) -> {
            var resource = handler.getBeanType().getSimpleName().replaceFirst("(Api)?Controller$", "");
            return operation.operationId(Character.toLowerCase(resource.charAt(0)) + resource.substring(1) + "."
                    + handler.getMethod().getName());
        };
    }
}
