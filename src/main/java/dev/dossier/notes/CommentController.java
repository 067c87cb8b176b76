package dev.dossier.notes;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Comments on any subject: {@code /comments?subject=note:…} answers the list with a form, as a fragment a page loads
 * or as a page of its own; posting, changing and deleting answer the fragment again (or send back to the page).
 */
@Controller
class CommentController {

    private final Comments comments;
    private final MentionNotices mentions;
    private final UserDirectory users;
    private final FormErrors formErrors;
    private final Access access;

    CommentController(
            Comments comments, MentionNotices mentions, UserDirectory users, FormErrors formErrors, Access access) {
        this.comments = comments;
        this.mentions = mentions;
        this.users = users;
        this.formErrors = formErrors;
        this.access = access;
    }

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/comments")
    String list(@RequestParam String subject, HtmxRequest htmx, Model model) {
        return panel(model, Subject.parse(subject), "", Map.of(), null, htmx);
    }

    @Permission(area = Area.NOTES, operation = Operation.CREATE)
    @PostMapping("/comments")
    String post(
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String body,
            HtmxRequest htmx,
            Model model) {
        var about = Subject.parse(subject);
        try {
            comments.post(about, body);
            return htmx.isHtmxRequest() ? panel(model, about, "", Map.of(), null, htmx) : back(about);
        } catch (ValidationException e) {
            return panel(model, about, body, formErrors.of(e.problems()), null, htmx);
        }
    }

    @Permission(area = Area.NOTES, operation = Operation.EDIT)
    @GetMapping("/comments/{id}/edit")
    String editForm(@PathVariable UUID id, HtmxRequest htmx, Model model) {
        var comment = comments.get(id);
        if (!Comments.mayEdit(comment)) {
            throw new org.springframework.security.access.AccessDeniedException("comment of another author");
        }
        model.addAttribute("editing", comment);
        return panel(model, comment.subject(), "", Map.of(), comment.body(), htmx);
    }

    @Permission(area = Area.NOTES, operation = Operation.EDIT)
    @PostMapping("/comments/{id}")
    String edit(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String body,
            HtmxRequest htmx,
            Model model) {
        var comment = comments.get(id);
        try {
            comments.edit(id, Objects.requireNonNullElse(version, -1), body);
            return htmx.isHtmxRequest()
                    ? panel(model, comment.subject(), "", Map.of(), null, htmx)
                    : back(comment.subject());
        } catch (ValidationException e) {
            model.addAttribute("editing", comment);
            return panel(model, comment.subject(), "", formErrors.of(e.problems()), body, htmx);
        } catch (StaleVersionException e) {
            model.addAttribute("stale", true);
            return panel(model, comment.subject(), "", Map.of(), null, htmx);
        }
    }

    @Permission(area = Area.NOTES, operation = Operation.DELETE)
    @PostMapping("/comments/{id}/delete")
    String delete(@PathVariable UUID id, HtmxRequest htmx, Model model) {
        var comment = comments.delete(id);
        return htmx.isHtmxRequest()
                ? panel(model, comment.subject(), "", Map.of(), null, htmx)
                : back(comment.subject());
    }

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/comments/mentions")
    String mentions(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("candidates", mentions.candidates(q, 10));
        return "notes/comments :: mentions";
    }

    private String panel(
            Model model,
            Subject subject,
            String body,
            Map<String, List<String>> errors,
            String editBody,
            HtmxRequest htmx) {
        var about = comments.subject(subject);
        var list = comments.on(subject);
        var names = new HashMap<UUID, String>();
        users.users(list.stream()
                        .map(Comments.Comment::authorId)
                        .filter(Objects::nonNull)
                        .toList())
                .forEach((k, v) -> names.put(k, v.displayName()));
        var mayEdit = new HashMap<UUID, Boolean>();
        var mayDelete = new HashMap<UUID, Boolean>();
        for (var c : list) {
            mayEdit.put(c.id(), Comments.mayEdit(c) && access.allows(Area.NOTES, Operation.EDIT));
            mayDelete.put(c.id(), access.allows(Area.NOTES, Operation.DELETE) && comments.mayDelete(c));
        }
        model.addAttribute("about", about);
        model.addAttribute("subject", subject.toString());
        model.addAttribute("comments", list);
        model.addAttribute("names", names);
        model.addAttribute("mayEdit", mayEdit);
        model.addAttribute("mayDelete", mayDelete);
        model.addAttribute("canPost", access.allows(Area.NOTES, Operation.CREATE));
        model.addAttribute("body", body);
        model.addAttribute("editBody", editBody);
        model.addAttribute("errors", errors);
        if (!model.containsAttribute("editing")) {
            model.addAttribute("editing", null);
        }
        model.addAttribute("section", "customers");
        return htmx.isHtmxRequest() ? "notes/comments :: panel" : "notes/comments";
    }

    private static String back(Subject subject) {
        return "redirect:/comments?subject=" + URLEncoder.encode(subject.toString(), StandardCharsets.UTF_8);
    }
}
