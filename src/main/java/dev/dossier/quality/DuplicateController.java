package dev.dossier.quality;

import dev.dossier.identity.Access;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.NotFoundException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The duplicate review pages: the queue of clusters best first, filtered by owner or team, with the latest scan and
 * its progress; a cluster side by side with the reasons of each pair, to open the customers or mark them "not a
 * duplicate".
 */
@Controller
@RequestMapping("/duplicates")
class DuplicateController {

    private static final int PAGE_SIZE = 30;

    private final DuplicateReview review;
    private final DuplicateScans scans;
    private final UserDirectory users;
    private final Access access;

    DuplicateController(DuplicateReview review, DuplicateScans scans, UserDirectory users, Access access) {
        this.review = review;
        this.scans = scans;
        this.users = users;
        this.access = access;
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping
    String queue(
            @RequestParam(required = false) UUID owner,
            @RequestParam(required = false) UUID team,
            @RequestParam(required = false) String cursor,
            Model model) {
        model.addAttribute("slice", review.list(owner, team, cursor, PAGE_SIZE));
        model.addAttribute("owner", owner);
        model.addAttribute("team", team);
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("teams", users.teams());
        scan(model);
        model.addAttribute("section", "customers");
        return "quality/duplicates";
    }

    /** While a scan runs, its progress box polls here; once it ends the page reloads. */
    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping("/scan-progress")
    String scanProgress(Model model) {
        var latest = scans.latest();
        if (latest.isEmpty() || !latest.get().state().working()) {
            return HtmxViewResolver.REFRESH_VIEW_NAME;
        }
        scan(model);
        return "quality/duplicates :: scan";
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.CREATE)
    @PostMapping("/scans")
    String startScan(RedirectAttributes redirect) {
        scans.start(CurrentUser.actor().userId());
        redirect.addFlashAttribute("flashKey", "duplicates.scan.started");
        return "redirect:/duplicates";
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping("/{id}")
    String cluster(@PathVariable UUID id, Model model) {
        var detail = review.cluster(id).orElseThrow(() -> new NotFoundException("Cluster"));
        model.addAttribute("detail", detail);
        model.addAttribute(
                "names",
                detail.cluster().members().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                DuplicateReview.Member::customerId, m -> m.name() == null ? "" : m.name())));
        model.addAttribute("canDismiss", access.allows(Access.Area.QUALITY, Access.Operation.EDIT));
        model.addAttribute("section", "customers");
        return "quality/cluster";
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/dismiss")
    String dismiss(
            @PathVariable UUID id,
            @RequestParam(required = false) List<UUID> customerIds,
            RedirectAttributes redirect) {
        var detail = review.cluster(id).orElseThrow(() -> new NotFoundException("Cluster"));
        var chosen = customerIds == null
                ? List.<UUID>of()
                : customerIds.stream()
                        .filter(c -> detail.cluster().members().stream()
                                .anyMatch(m -> m.customerId().equals(c)))
                        .distinct()
                        .toList();
        if (chosen.size() < 2) {
            redirect.addFlashAttribute("flashKey", "duplicates.two-needed");
            return "redirect:/duplicates/" + id;
        }
        int marked = review.dismiss(chosen);
        redirect.addFlashAttribute("flashKey", "duplicates.dismissed");
        redirect.addFlashAttribute("flashArg", marked);
        return "redirect:/duplicates";
    }

    private void scan(Model model) {
        var latest = scans.latest().orElse(null);
        model.addAttribute("scan", latest);
        model.addAttribute("scanning", latest != null && latest.state().working());
        model.addAttribute("canScan", access.allows(Access.Area.QUALITY, Access.Operation.CREATE));
    }
}
