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
    java.util.Map<String, Boolean> can() {
        if (CurrentUser.find().isEmpty()) {
            return java.util.Map.of();
        }
        return java.util.Map.of(
                "audit", access.allows(Access.Area.AUDIT, Access.Operation.READ),
                "privacy", access.allows(Access.Area.PRIVACY, Access.Operation.READ),
                "createCustomers", access.allows(Access.Area.CUSTOMERS, Access.Operation.CREATE),
                "tasks", access.allows(Access.Area.TASKS, Access.Operation.READ),
                "interactions", access.allows(Access.Area.INTERACTIONS, Access.Operation.READ),
                "reports", access.allows(Access.Area.INTERACTIONS, Access.Operation.READ)
                        || access.allows(Access.Area.NOTES, Access.Operation.READ)
                        || access.allows(Access.Area.TASKS, Access.Operation.READ),
                "admin", access.allows(Access.Area.USERS, Access.Operation.READ)
                        || access.allows(Access.Area.SYSTEM, Access.Operation.READ));
    }

    @ModelAttribute("me")
    SignedInUser me() {
        return CurrentUser.find().orElse(null);
    }
}
