package dev.dossier.search;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The search index in the administration: how this instance's index stands, and a rebuild of every instance's. */
@Controller
@RequestMapping("/admin/search")
class SearchAdminController {

    private final SearchFollower follower;
    private final Search search;

    SearchAdminController(SearchFollower follower, Search search) {
        this.follower = follower;
        this.search = search;
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping
    String show(Model model) throws IOException {
        model.addAttribute("status", follower.status());
        model.addAttribute("section", "admin");
        return "admin/search";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/rebuild")
    String rebuild(RedirectAttributes redirect) {
        search.rebuild();
        redirect.addFlashAttribute("flashKey", "search.admin.asked");
        return "redirect:/admin/search";
    }
}
