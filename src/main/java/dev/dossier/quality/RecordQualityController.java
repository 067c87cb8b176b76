package dev.dossier.quality;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.customers.CustomerFacts;
import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The quality of one customer's record: a card on the dossier (loaded with it) and the same over the API, for whoever
 * may read the customer.
 */
@Controller
@Tag(name = "Data quality", description = "The quality of customer records: score and what keeps it from 100")
@SecurityRequirement(name = "bearer")
class RecordQualityController {

    /**
     * A record's quality.
     *
     * @param score from 0 to 100: the share of the weight of the checks that apply which pass
     * @param checks how many checks apply to this record
     * @param issues the checks that fail, each with its field and what it says, in the reader's language
     */
    record QualityResource(UUID customerId, int score, int checks, List<IssueResource> issues) {}

    /** A check that fails. */
    record IssueResource(String code, String field, String message) {}

    private final CustomerFacts facts;
    private final CustomerDirectory customers;
    private final MessageSource messages;
    private final Clock clock;
    private final java.time.ZoneId zone;

    RecordQualityController(
            CustomerFacts facts,
            CustomerDirectory customers,
            MessageSource messages,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${dossier.time-zone:Asia/Shanghai}") String zone) {
        this.facts = facts;
        this.customers = customers;
        this.messages = messages;
        this.clock = clock;
        this.zone = java.time.ZoneId.of(zone);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/quality/customers/{customerId}")
    @ResponseBody
    @Operation(
            summary = "The quality of a customer's record",
            description = "Completeness for its kind and grade, validity of the values stored, consistency (region and"
                    + " province) and freshness (last change against the grade's review period).")
    QualityResource api(@PathVariable UUID customerId) {
        return resource(customerId);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/quality/customers/{customerId}")
    String card(@PathVariable UUID customerId, Model model) {
        model.addAttribute("quality", resource(customerId));
        return "quality/card :: card";
    }

    private QualityResource resource(UUID customerId) {
        customers.requireReach(customerId);
        var found = facts.of(customerId).orElseThrow(() -> new NotFoundException("customer"));
        var assessment = RecordQuality.assess(found, LocalDate.now(clock.withZone(zone)));
        var locale = LocaleContextHolder.getLocale();
        var issues = new ArrayList<IssueResource>();
        for (var issue : assessment.issues()) {
            issues.add(new IssueResource(issue.code(), issue.field(), message(issue, locale)));
        }
        return new QualityResource(customerId, assessment.score(), assessment.checks(), issues);
    }

    private String message(RecordQuality.Issue issue, Locale locale) {
        var args = issue.args().stream()
                .map(a -> a instanceof String region
                        ? messages.getMessage("enum.Region." + region, null, region, locale)
                        : a)
                .toArray();
        return messages.getMessage("quality.check." + issue.code(), args, issue.code(), locale);
    }
}
