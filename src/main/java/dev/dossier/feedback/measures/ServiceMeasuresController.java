package dev.dossier.feedback.measures;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Formats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.ObjectMapper;

/**
 * The service measures page ({@code /reports/service}): headline figures, the trend of cases by kind, SLA
 * compliance per period, response and resolution times by kind, team and priority, defect rates per product and
 * the fastest rising categories, each table also as a CSV download (UTF-8 with a byte-order mark).
 */
@Controller
class ServiceMeasuresController {

    /** The tables one can download, in the page's order. */
    static final Set<String> TABLES = Set.of("periods", "kinds", "teams", "priorities", "defects", "categories");

    private final ServiceMeasures measures;
    private final ProductFigures products;
    private final UserDirectory users;
    private final Access access;
    private final Formats formats;
    private final MessageSource messages;
    private final Clock clock;
    private final ObjectMapper json;

    ServiceMeasuresController(
            ServiceMeasures measures,
            ProductFigures products,
            UserDirectory users,
            Access access,
            Formats formats,
            MessageSource messages,
            Clock clock,
            ObjectMapper json) {
        this.measures = measures;
        this.products = products;
        this.users = users;
        this.access = access;
        this.formats = formats;
        this.messages = messages;
        this.clock = clock;
        this.json = json;
    }

    @Permission(area = Access.Area.CASES, operation = Operation.READ)
    @GetMapping("/reports/service")
    String page(ServiceFilter asked, Model model) {
        var filter = asked.resolve(LocalDate.now(clock.withZone(formats.zone())));
        var report = measures.report(filter, formats.zone());
        var teams = teamNames();
        model.addAttribute("report", report);
        model.addAttribute("filter", filter);
        model.addAttribute("teams", users.teams());
        model.addAttribute("teamNames", teams);
        model.addAttribute("products", products.all());
        model.addAttribute("kinds", ServiceFilter.KIND_ORDER);
        model.addAttribute("priorities", ServiceFilter.PRIORITY_ORDER);
        model.addAttribute("canExport", access.allows(Access.Area.CASES, Operation.EXPORT));
        model.addAttribute("section", "reports");
        model.addAttribute("risingMin", ServiceMeasures.RISING_MIN);
        var periods =
                report.periods().stream().map(ServiceReport.PeriodRow::label).toList();
        var trend = new ArrayList<Map<String, Object>>();
        for (var kind : ServiceFilter.KIND_ORDER) {
            trend.add(Map.of(
                    "name",
                    text("service.kind." + kind),
                    "data",
                    report.periods().stream()
                            .map(p -> p.byKind().getOrDefault(kind, 0L))
                            .toList()));
        }
        model.addAttribute("trendChart", json.writeValueAsString(Map.of("labels", periods, "series", trend)));
        model.addAttribute(
                "complianceChart",
                json.writeValueAsString(Map.of(
                        "labels",
                        periods,
                        "series",
                        List.of(
                                Map.of(
                                        "name",
                                        text("service.first-response-compliance"),
                                        "data",
                                        report.periods().stream()
                                                .map(p -> p.firstResponseCompliance() == null
                                                        ? "-"
                                                        : p.firstResponseCompliance())
                                                .toList()),
                                Map.of(
                                        "name",
                                        text("service.resolution-compliance"),
                                        "data",
                                        report.periods().stream()
                                                .map(p -> p.resolutionCompliance() == null
                                                        ? "-"
                                                        : p.resolutionCompliance())
                                                .toList())))));
        var kinds = report.byKind();
        model.addAttribute(
                "timesChart",
                json.writeValueAsString(Map.of(
                        "labels",
                                kinds.stream()
                                        .map(k -> text("service.kind." + k.key()))
                                        .toList(),
                        "series",
                                List.of(
                                        series(
                                                "service.first-response.median",
                                                kinds,
                                                ServiceReport.BreakdownRow::firstResponseMedianHours),
                                        series(
                                                "service.first-response.p90",
                                                kinds,
                                                ServiceReport.BreakdownRow::firstResponseP90Hours),
                                        series(
                                                "service.resolution.median",
                                                kinds,
                                                ServiceReport.BreakdownRow::resolutionMedianHours),
                                        series(
                                                "service.resolution.p90",
                                                kinds,
                                                ServiceReport.BreakdownRow::resolutionP90Hours)))));
        return "reports/service";
    }

    @Permission(area = Access.Area.CASES, operation = Operation.EXPORT)
    @GetMapping("/reports/service.csv")
    ResponseEntity<byte[]> csv(ServiceFilter asked, @RequestParam(defaultValue = "periods") String table) {
        var name = TABLES.contains(table) ? table : "periods";
        var filter = asked.resolve(LocalDate.now(clock.withZone(formats.zone())));
        var report = measures.report(filter, formats.zone());
        var lines = switch (name) {
            case "kinds" -> breakdown("service.kind", report.byKind(), k -> text("service.kind." + k));
            case "teams" -> {
                var teams = teamNames();
                yield breakdown(
                        "service.team",
                        report.byTeam(),
                        k -> k.isEmpty() ? text("service.no-team") : teams.getOrDefault(k, k));
            }
            case "priorities" -> breakdown("service.priority", report.byPriority(), k -> text("service.priority." + k));
            case "defects" -> defects(report);
            case "categories" -> categories(report);
            default -> periods(report);
        };
        var filename = "service-" + name + "-" + filter.from() + "-" + filter.to() + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(Csv.write(lines));
    }

    private List<List<Object>> periods(ServiceReport report) {
        var lines = new ArrayList<List<Object>>();
        var head = new ArrayList<Object>(List.of(text("service.period"), text("service.cases")));
        ServiceFilter.KIND_ORDER.forEach(k -> head.add(text("service.kind." + k)));
        head.addAll(List.of(
                text("service.complaint-rate"),
                text("service.first-response-compliance"),
                text("service.resolution-compliance")));
        lines.add(head);
        for (var p : report.periods()) {
            var line = new ArrayList<Object>(List.of(p.label(), p.cases()));
            ServiceFilter.KIND_ORDER.forEach(k -> line.add(p.byKind().getOrDefault(k, 0L)));
            line.add(Csv.blank(p.complaintRate()));
            line.add(Csv.blank(p.firstResponseCompliance()));
            line.add(Csv.blank(p.resolutionCompliance()));
            lines.add(line);
        }
        return lines;
    }

    private List<List<Object>> breakdown(
            String heading, List<ServiceReport.BreakdownRow> rows, java.util.function.Function<String, String> label) {
        var lines = new ArrayList<List<Object>>();
        lines.add(List.of(
                text(heading),
                text("service.cases"),
                text("service.first-response.median"),
                text("service.first-response.p90"),
                text("service.resolution.median"),
                text("service.resolution.p90"),
                text("service.first-response-compliance"),
                text("service.resolution-compliance"),
                text("service.reopen-rate"),
                text("service.csat"),
                text("service.csat-responses")));
        for (var r : rows) {
            lines.add(List.of(
                    label.apply(r.key()),
                    r.cases(),
                    Csv.blank(r.firstResponseMedianHours()),
                    Csv.blank(r.firstResponseP90Hours()),
                    Csv.blank(r.resolutionMedianHours()),
                    Csv.blank(r.resolutionP90Hours()),
                    Csv.blank(r.firstResponseCompliance()),
                    Csv.blank(r.resolutionCompliance()),
                    Csv.blank(r.reopenRate()),
                    Csv.blank(r.csatAverage()),
                    r.csatResponses()));
        }
        return lines;
    }

    private List<List<Object>> defects(ServiceReport report) {
        var lines = new ArrayList<List<Object>>();
        lines.add(List.of(
                text("service.product"),
                text("service.version"),
                text("service.defects"),
                text("service.units-sold"),
                text("service.defect-rate")));
        for (var r : report.defects()) {
            lines.add(List.of(
                    r.product(),
                    r.version() == null ? text("service.all-versions") : r.version(),
                    r.defects(),
                    r.unitsSold() == null ? "" : r.unitsSold(),
                    r.perThousandUnits() == null ? text("service.no-units") : r.perThousandUnits()));
        }
        return lines;
    }

    private List<List<Object>> categories(ServiceReport report) {
        var lines = new ArrayList<List<Object>>();
        lines.add(List.of(
                text("service.category"),
                text("service.this-period"),
                text("service.previous-period"),
                text("service.increase"),
                text("service.growth")));
        for (var r : report.risingCategories()) {
            lines.add(List.of(r.category(), r.current(), r.previous(), r.increase(), Csv.blank(r.growthPercent())));
        }
        return lines;
    }

    private Map<String, Object> series(
            String key,
            List<ServiceReport.BreakdownRow> rows,
            java.util.function.Function<ServiceReport.BreakdownRow, Double> value) {
        return Map.of(
                "name",
                text(key),
                "data",
                rows.stream()
                        .map(r -> value.apply(r) == null ? "-" : (Object) value.apply(r))
                        .toList());
    }

    private Map<String, String> teamNames() {
        return users.teams().stream()
                .collect(Collectors.toMap(
                        t -> t.id().toString(), UserDirectory.TeamSummary::name, (a, b) -> a, LinkedHashMap::new));
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }
}
