package dev.dossier.identity;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Policy.Grant;
import dev.dossier.shared.ValidationException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators set, per role, the operations and record scope in each area and the visibility of field groups. */
@Controller
@RequestMapping("/admin/roles")
class RoleAdminController {

    private final RoleManagement roles;
    private final FormErrors formErrors;

    RoleAdminController(RoleManagement roles, FormErrors formErrors) {
        this.roles = roles;
        this.formErrors = formErrors;
    }

    @Permission(area = Area.USERS, operation = Operation.READ)
    @GetMapping
    String page(@RequestParam(defaultValue = "SALES") Role role, Model model) {
        model.addAttribute("role", role);
        model.addAttribute("allRoles", Role.values());
        model.addAttribute("areas", Area.values());
        model.addAttribute("operations", Operation.values());
        model.addAttribute("scopes", RecordScope.values());
        model.addAttribute("groups", FieldGroup.values());
        model.addAttribute("levels", FieldLevel.values());
        model.addAttribute("grants", roles.grants().get(role));
        model.addAttribute("fields", roles.fields().get(role));
        model.addAttribute("fixed", role == Role.ADMINISTRATOR);
        if (model.getAttribute("errors") == null) {
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("section", "admin");
        return "admin/roles";
    }

    @Permission(area = Area.USERS, operation = Operation.EDIT)
    @PostMapping("/{role}")
    String save(
            @PathVariable Role role,
            @RequestParam MultiValueMap<String, String> form,
            Model model,
            RedirectAttributes redirect) {
        try {
            var grants = new EnumMap<Area, Grant>(Area.class);
            for (var area : Area.values()) {
                var ops = EnumSet.noneOf(Operation.class);
                var chosen = form.get("op." + area.name());
                if (chosen != null) {
                    chosen.stream().map(name -> parse(Operation.class, name)).forEach(ops::add);
                }
                var scope = form.getFirst("scope." + area.name());
                grants.put(area, new Grant(ops, scope == null ? RecordScope.OWN : parse(RecordScope.class, scope)));
            }
            var fields = new EnumMap<FieldGroup, FieldLevel>(FieldGroup.class);
            for (var group : FieldGroup.values()) {
                var level = form.getFirst("field." + group.name());
                fields.put(group, level == null ? FieldLevel.HIDDEN : parse(FieldLevel.class, level));
            }
            roles.change(role, grants, fields);
        } catch (ValidationException e) {
            // A value the editor never offers (a hand-made request) is a form error like any other.
            model.addAttribute("errors", formErrors.of(e.problems()));
            return page(role, model);
        }
        redirect.addFlashAttribute("flashKey", "access.roles.saved");
        return "redirect:/admin/roles?role=" + role.name();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    java.util.List.of(new dev.dossier.shared.FieldProblem("role", "field.invalid")));
        }
    }
}
