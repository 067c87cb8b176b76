package dev.dossier.identity;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every handler Dossier answers requests with, read from the running application's request mappings, so that the
 * tests built on it grow by themselves as endpoints are added.
 */
final class Handlers {

    /**
     * One URL pattern and HTTP method a handler method answers.
     *
     * @param method the HTTP method (GET when the mapping names none)
     * @param pattern the URL pattern, with its {@code {variables}}
     * @param handler the handler method
     */
    record Handler(String method, String pattern, HandlerMethod handler) {

        String label() {
            return method + " " + pattern;
        }

        /** The annotation on the method, or else on its class. */
        <A extends Annotation> A declared(Class<A> type) {
            var onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), type);
            return onMethod != null
                    ? onMethod
                    : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), type);
        }

        boolean api() {
            return pattern.startsWith("/api/");
        }
    }

    private Handlers() {}

    /** Every handler whose bean is a Dossier class, in a stable order. */
    static List<Handler> of(ApplicationContext context) {
        var handlers = new ArrayList<Handler>();
        for (var mapping :
                context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            mapping.getHandlerMethods().forEach((info, method) -> {
                if (!method.getBeanType().getPackageName().startsWith("dev.dossier")) {
                    return;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                var names = methods.isEmpty()
                        ? List.of("GET")
                        : methods.stream().map(Enum::name).sorted().toList();
                for (var pattern : info.getPatternValues()) {
                    for (var name : names) {
                        handlers.add(new Handler(name, pattern, method));
                    }
                }
            });
        }
        handlers.sort(Comparator.comparing(Handler::pattern).thenComparing(Handler::method));
        return handlers;
    }
}
