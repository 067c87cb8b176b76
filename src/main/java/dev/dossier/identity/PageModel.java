package dev.dossier.identity;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in user into every page's model, for the layout. */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class PageModel {

    private final Access access;

    PageModel(Access access) {
        this.access = access;
    }

    /** Which sections of the navigation the current user may open. */
    @ModelAttribute("can")
    java.util.Map<String, Boolean> can(jakarta.servlet.http.HttpServletRequest request) {
        if (CurrentUser.find().isEmpty() || answersWithABody(request)) {
            return java.util.Map.of();
        }
        return java.util.Map.ofEntries(
                java.util.Map.entry("products", access.allows(Access.Area.PRODUCTS, Access.Operation.READ)),
                java.util.Map.entry("cases", access.allows(Access.Area.CASES, Access.Operation.READ)),
                java.util.Map.entry("problems", access.allows(Access.Area.PROBLEMS, Access.Operation.READ)),
                java.util.Map.entry("audit", access.allows(Access.Area.AUDIT, Access.Operation.READ)),
                java.util.Map.entry("quality", access.allows(Access.Area.QUALITY, Access.Operation.READ)),
                java.util.Map.entry("privacy", access.allows(Access.Area.PRIVACY, Access.Operation.READ)),
                java.util.Map.entry("createCustomers", access.allows(Access.Area.CUSTOMERS, Access.Operation.CREATE)),
                java.util.Map.entry("importCustomers", access.allows(Access.Area.CUSTOMERS, Access.Operation.IMPORT)),
                java.util.Map.entry("exportCustomers", access.allows(Access.Area.CUSTOMERS, Access.Operation.EXPORT)),
                java.util.Map.entry(
                        "importInteractions", access.allows(Access.Area.INTERACTIONS, Access.Operation.IMPORT)),
                java.util.Map.entry(
                        "exportInteractions", access.allows(Access.Area.INTERACTIONS, Access.Operation.EXPORT)),
                java.util.Map.entry("exportTasks", access.allows(Access.Area.TASKS, Access.Operation.EXPORT)),
                java.util.Map.entry("exportCases", access.allows(Access.Area.CASES, Access.Operation.EXPORT)),
                java.util.Map.entry("tasks", access.allows(Access.Area.TASKS, Access.Operation.READ)),
                java.util.Map.entry("interactions", access.allows(Access.Area.INTERACTIONS, Access.Operation.READ)),
                java.util.Map.entry(
                        "reports",
                        access.allows(Access.Area.INTERACTIONS, Access.Operation.READ)
                                || access.allows(Access.Area.NOTES, Access.Operation.READ)
                                || access.allows(Access.Area.TASKS, Access.Operation.READ)
                                || access.allows(Access.Area.CASES, Access.Operation.READ)),
                java.util.Map.entry(
                        "admin",
                        access.allows(Access.Area.USERS, Access.Operation.READ)
                                || access.allows(Access.Area.SYSTEM, Access.Operation.READ)));
    }

    @ModelAttribute("me")
    SignedInUser me() {
        return CurrentUser.find().orElse(null);
    }

    /**
     * An API handler (a {@code @RestController}) renders no page: the navigation's rights are not worked out for it.
     * The advice still applies to it, because a REST controller is a controller too.
     */
    private static boolean answersWithABody(jakarta.servlet.http.HttpServletRequest request) {
        return request.getAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE)
                        instanceof org.springframework.web.method.HandlerMethod handler
                && REST.get(handler.getBeanType());
    }

    private static final ClassValue<Boolean> REST = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return org.springframework.core.annotation.AnnotatedElementUtils.hasAnnotation(
                    type, org.springframework.web.bind.annotation.ResponseBody.class);
        }
    };
}
