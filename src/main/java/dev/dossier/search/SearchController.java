package dev.dossier.search;

import dev.dossier.identity.Permission;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search pages: the results as one types in the top bar (a few of each kind), and the page of all results, by
 * kind, with more of one kind on request. Each module's records pass its own access rules (see {@link Search}).
 */
@Controller
@RequestMapping("/search")
@Permission.SelfService
class SearchController {

    private static final int SUGGESTED = 3;
    private static final int PER_GROUP = 5;
    private static final int PER_KIND = 20;

    private final Search search;

    SearchController(Search search) {
        this.search = search;
    }

    @GetMapping
    String results(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "0") int offset,
            HtmxRequest htmx,
            Model model) {
        var only = kind != null && Search.KINDS.contains(kind) ? kind : null;
        var results = search.search(q, only, only == null ? PER_GROUP : PER_KIND, offset);
        model.addAttribute("results", results);
        model.addAttribute("kind", only);
        model.addAttribute("section", "search");
        return htmx.isHtmxRequest() && only != null && offset > 0 ? "search/results :: more" : "search/results";
    }

    @GetMapping("/suggest")
    String suggest(@RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("results", search.search(q, null, SUGGESTED, 0));
        return "search/suggest :: suggestions";
    }
}
