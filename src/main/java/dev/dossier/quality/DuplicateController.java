package dev.dossier.quality;

import dev.dossier.identity.Access;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.NotFoundException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import java.util.List;
import java.util.Map;
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
    private final DuplicateRules rules;
    private final Duplicates duplicates;
    private final UserDirectory users;
    private final Access access;
    private final dev.dossier.identity.FormErrors formErrors;

    DuplicateController(
            DuplicateReview review,
            DuplicateScans scans,
            DuplicateRules rules,
            Duplicates duplicates,
            UserDirectory users,
            Access access,
            dev.dossier.identity.FormErrors formErrors) {
        this.review = review;
        this.scans = scans;
        this.rules = rules;
        this.duplicates = duplicates;
        this.users = users;
        this.access = access;
        this.formErrors = formErrors;
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

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @GetMapping("/rules")
    String rulesForm(Model model) {
        var current = rules.editable();
        return rulesPage(model, current.threshold(), current.weights(), current.version(), Map.of());
    }

    /** The editor asks here as the rules are changed: what they would change on the pairs already found. */
    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/rules/preview")
    String previewRules(@RequestParam Map<String, String> form, Model model) {
        var threshold = number(form.get("threshold"));
        var weights = weights(form);
        var problems = MatchRules.problems(threshold, weights);
        model.addAttribute("preview", problems.isEmpty() ? rules.preview(MatchRules.of(threshold, weights)) : null);
        return "quality/rules :: preview";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/rules")
    String saveRules(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        var threshold = number(form.get("threshold"));
        var weights = weights(form);
        int version = (int) Math.max(0, Math.min(Integer.MAX_VALUE, orZero(number(form.get("version")))));
        var problems = MatchRules.problems(threshold, weights);
        if (!problems.isEmpty()) {
            return rulesPage(model, threshold, weights, version, formErrors.of(problems));
        }
        try {
            duplicates.saveRules(
                    MatchRules.of(threshold, weights),
                    version,
                    CurrentUser.actor().userId());
        } catch (dev.dossier.shared.StaleVersionException e) {
            model.addAttribute("stale", true);
            return rulesPage(model, threshold, weights, version, Map.of());
        }
        redirect.addFlashAttribute("flashKey", "duplicates.rules.saved");
        return "redirect:/duplicates";
    }

    private String rulesPage(
            Model model, Double threshold, Map<String, Double> weights, int version, Map<String, ?> errors) {
        model.addAttribute("threshold", threshold);
        model.addAttribute("weights", weights);
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute("reasons", Reason.values());
        model.addAttribute("defaults", MatchRules.defaults().byCode());
        model.addAttribute(
                "preview",
                errors.isEmpty() && threshold != null ? rules.preview(MatchRules.of(threshold, weights)) : null);
        model.addAttribute("section", "customers");
        return "quality/rules";
    }

    /** The weights of a form, by reason code ({@code weight.PHONE=0.7}); a value that is not a number is NaN. */
    private static Map<String, Double> weights(Map<String, String> form) {
        var weights = new java.util.LinkedHashMap<String, Double>();
        form.forEach((name, value) -> {
            if (name.startsWith("weight.")) {
                var number = number(value);
                weights.put(name.substring("weight.".length()), number == null ? Double.NaN : number);
            }
        });
        return weights;
    }

    private static Double number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double orZero(Double number) {
        return number == null || number.isNaN() ? 0 : number;
    }

    private void scan(Model model) {
        var latest = scans.latest().orElse(null);
        model.addAttribute("scan", latest);
        model.addAttribute("scanning", latest != null && latest.state().working());
        model.addAttribute("canScan", access.allows(Access.Area.QUALITY, Access.Operation.CREATE));
        model.addAttribute("canTune", access.allows(Access.Area.SYSTEM, Access.Operation.EDIT));
    }
}
