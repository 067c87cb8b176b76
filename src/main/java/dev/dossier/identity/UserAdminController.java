package dev.dossier.identity;

import static dev.dossier.db.Tables.TEAM;

import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators manage users, their roles and teams, and the teams themselves. */
@Controller
@RequestMapping("/admin")
class UserAdminController {

    /**
     * The user form.
     *
     * @param username sign-in name (new users only)
     * @param displayName name shown
     * @param email email
     * @param roles roles
     * @param teamId team
     * @param locale language
     * @param enabled may sign in
     * @param password initial password, or blank for a generated one
     * @param version version edited
     */
    record UserForm(
            String username,
            String displayName,
            String email,
            Set<Role> roles,
            UUID teamId,
            String locale,
            Boolean enabled,
            String password,
            Integer version) {

        static UserForm empty() {
            return new UserForm("", "", "", EnumSet.of(Role.SALES), null, "", true, "", null);
        }

        UserManagement.UserDraft draft() {
            return new UserManagement.UserDraft(
                    username,
                    displayName,
                    email,
                    UserManagement.roles(roles),
                    teamId,
                    locale,
                    Boolean.TRUE.equals(enabled));
        }
    }

    private final UserManagement management;
    private final UserRepository users;
    private final UserDirectory directory;
    private final FormErrors formErrors;
    private final DSLContext db;
    private final Clock clock;

    UserAdminController(
            UserManagement management,
            UserRepository users,
            UserDirectory directory,
            FormErrors formErrors,
            DSLContext db,
            Clock clock) {
        this.management = management;
        this.users = users;
        this.directory = directory;
        this.formErrors = formErrors;
        this.db = db;
        this.clock = clock;
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.READ)
    @GetMapping("/users")
    String users(Model model) {
        model.addAttribute("users", users.all());
        model.addAttribute("roles", users.rolesOfAll());
        model.addAttribute("teams", directory.teamsById());
        model.addAttribute("now", java.time.OffsetDateTime.now(clock));
        model.addAttribute("section", "admin");
        return "admin/users";
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.CREATE)
    @GetMapping("/users/new")
    String newUser(Model model) {
        return form(model, UserForm.empty(), null, Map.of());
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.CREATE)
    @PostMapping("/users")
    String create(UserForm form, Model model, RedirectAttributes redirect) {
        boolean generated = form.password() == null || form.password().isBlank();
        var password = generated ? management.generatePassword() : form.password();
        try {
            management.create(form.draft(), password, true);
            redirect.addFlashAttribute(
                    "flashKey", generated ? "admin.users.created-with-password" : "admin.users.created");
            redirect.addFlashAttribute("flashArg", generated ? password : form.username());
            return "redirect:/admin/users";
        } catch (ValidationException e) {
            return form(model, form, null, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.EDIT)
    @GetMapping("/users/{id}")
    String edit(@PathVariable UUID id, Model model) {
        var user = users.findById(id).orElseThrow(() -> new NotFoundException("User"));
        var form = new UserForm(
                user.getUsername(),
                user.getDisplayName(),
                user.getEmail(),
                users.roles(id),
                user.getTeamId(),
                user.getLocale(),
                user.getEnabled(),
                "",
                user.getVersion());
        model.addAttribute("managerId", user.getManagerId());
        model.addAttribute(
                "managers",
                directory.activeUsers().stream().filter(u -> !u.id().equals(id)).toList());
        return form(model, form, id, Map.of());
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.EDIT)
    @PostMapping("/users/{id}")
    String update(@PathVariable UUID id, UserForm form, Model model, RedirectAttributes redirect) {
        try {
            management.update(id, form.version() == null ? -1 : form.version(), form.draft());
            redirect.addFlashAttribute("flashKey", "admin.users.saved");
            return "redirect:/admin/users";
        } catch (ValidationException e) {
            return form(model, form, id, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            model.addAttribute("stale", true);
            return form(model, form, id, Map.of());
        }
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.EDIT)
    @PostMapping("/users/{id}/manager")
    String assignManager(
            @PathVariable UUID id, @RequestParam(required = false) UUID managerId, RedirectAttributes redirect) {
        try {
            management.assignManager(id, managerId);
            redirect.addFlashAttribute("flashKey", "admin.users.saved");
        } catch (ValidationException e) {
            redirect.addFlashAttribute("flashKey", e.problems().getFirst().code());
        }
        return "redirect:/admin/users/" + id;
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.EDIT)
    @PostMapping("/users/{id}/reset-password")
    String resetPassword(@PathVariable UUID id, RedirectAttributes redirect) {
        var password = management.resetPassword(id);
        redirect.addFlashAttribute("flashKey", "admin.users.password-reset");
        redirect.addFlashAttribute("flashArg", password);
        return "redirect:/admin/users";
    }

    private String form(Model model, UserForm form, UUID id, Map<String, ?> errors) {
        model.addAttribute("form", form);
        model.addAttribute("userId", id);
        model.addAttribute("allRoles", Role.values());
        model.addAttribute("teams", directory.teams());
        model.addAttribute("minPasswordLength", management.minPasswordLength());
        model.addAttribute("errors", errors);
        model.addAttribute("section", "admin");
        return "admin/user-form";
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.READ)
    @GetMapping("/teams")
    String teams(Model model) {
        model.addAttribute(
                "teams",
                db.selectFrom(TEAM)
                        .where(TEAM.DELETED_AT.isNull())
                        .orderBy(TEAM.NAME)
                        .fetch());
        model.addAttribute("teamNames", directory.teamsById());
        model.addAttribute("errors", model.getAttribute("errors") == null ? Map.of() : model.getAttribute("errors"));
        model.addAttribute("section", "admin");
        return "admin/teams";
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.CREATE)
    @PostMapping("/teams")
    String createTeam(
            @RequestParam(required = false) String name,
            @RequestParam(required = false) UUID parentId,
            @RequestParam(required = false) String description,
            Model model,
            RedirectAttributes redirect) {
        try {
            management.createTeam(name, parentId, description);
            redirect.addFlashAttribute("flashKey", "admin.teams.created");
            return "redirect:/admin/teams";
        } catch (ValidationException e) {
            model.addAttribute("errors", formErrors.of(e.problems()));
            model.addAttribute("name", name);
            model.addAttribute("description", description);
            return teams(model);
        }
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.EDIT)
    @PostMapping("/teams/{id}")
    String updateTeam(
            @PathVariable UUID id,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) UUID parentId,
            @RequestParam(required = false) String description,
            @RequestParam int version,
            Model model,
            RedirectAttributes redirect) {
        try {
            management.updateTeam(id, version, name, parentId, description);
            redirect.addFlashAttribute("flashKey", "admin.teams.saved");
        } catch (ValidationException e) {
            redirect.addFlashAttribute("flashKey", "admin.teams.invalid");
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("flashKey", "form.stale");
        }
        return "redirect:/admin/teams";
    }
}
