package dev.dossier.identity;

import java.util.Locale;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Says in each operation of the OpenAPI document who may call it, read from the handler's {@link Permission}, so
 * that the document cannot fall behind the access rules.
 */
@Component
class AccessDocumentation implements GlobalOperationCustomizer {

    @Override
    public io.swagger.v3.oas.models.Operation customize(
            io.swagger.v3.oas.models.Operation operation, HandlerMethod handler) {
        var who = who(handler);
        if (who != null) {
            var description = operation.getDescription();
            operation.description(description == null || description.isBlank() ? who : description + "\n\n" + who);
        }
        return operation;
    }

    private static String who(HandlerMethod handler) {
        var permission = find(handler, Permission.class);
        if (permission != null) {
            return "Permission needed: " + permission.area().name().toLowerCase(Locale.ROOT) + " ("
                    + verb(permission.operation()) + ").";
        }
        if (find(handler, Permission.SelfService.class) != null) {
            return "Any signed-in user, on their own account.";
        }
        if (find(handler, Permission.PublicEndpoint.class) != null) {
            return "Open to anyone; the request proves itself otherwise.";
        }
        return null;
    }

    private static String verb(Access.Operation operation) {
        return switch (operation) {
            case READ -> "read";
            case CREATE -> "create";
            case EDIT -> "change";
            case DELETE -> "delete";
            case EXPORT -> "export";
            case PURGE -> "delete for good";
            case IMPORT -> "import";
        };
    }

    private static <A extends java.lang.annotation.Annotation> A find(HandlerMethod handler, Class<A> type) {
        var found = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), type);
        return found != null ? found : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), type);
    }
}
