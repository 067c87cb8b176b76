package dev.dossier.interactions;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Formats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.ObjectMapper;

/**
 * The interaction reports: channel effectiveness, communication frequency and follow-up effectiveness, each a
 * page with a table and a chart, and a CSV download (UTF-8 with a byte-order mark, so that Excel reads Chinese).
 */
@Controller
@RequestMapping("/reports")
class ReportController {

    static final int DEFAULT_QUIET_DAYS = 90;
    private static final int FREQUENCY_ROWS = 100;
    private static final int CSV_ROWS = 100_000;
    private static final int QUIET_PAGE = 50;

    private final InteractionReports reports;
    private final UserDirectory users;
    private final Access access;
    private final Formats formats;
    private final MessageSource messages;
    private final Clock clock;
    private final ObjectMapper json;

    ReportController(
            InteractionReports reports,
            UserDirectory users,
            Access access,
            Formats formats,
            MessageSource messages,
            Clock clock,
            ObjectMapper json) {
        this.json = json;
        this.reports = reports;
        this.users = users;
        this.access = access;
        this.formats = formats;
        this.messages = messages;
        this.clock = clock;
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping("/channels")
    String channels(ReportPeriod period, Model model) {
        var p = period.resolve(today());
        var rows = reports.channels(p);
        page(model, period, p);
        model.addAttribute("rows", rows);
        var locale = LocaleContextHolder.getLocale();
        model.addAttribute(
                "chart",
                json.writeValueAsString(Map.of(
                        "labels",
                                rows.stream()
                                        .map(r -> text("interaction.channel." + r.channel(), locale))
                                        .toList(),
                        "counts",
                                rows.stream()
                                        .map(InteractionReports.ChannelRow::interactions)
                                        .toList(),
                        // A channel nobody rated has no satisfaction: a gap in the line, not a zero.
                        "satisfaction",
                                rows.stream()
                                        .map(InteractionReports.ChannelRow::averageSatisfaction)
                                        .toList(),
                        "countLabel", text("report.interactions", locale),
                        "satisfactionLabel", text("report.satisfaction", locale))));
        return "reports/channels";
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EXPORT)
    @GetMapping("/channels.csv")
    ResponseEntity<byte[]> channelsCsv(ReportPeriod period) {
        var p = period.resolve(today());
        var locale = LocaleContextHolder.getLocale();
        var lines = new ArrayList<List<Object>>();
        lines.add(List.of(
                text("report.channel", locale),
                text("report.interactions", locale),
                text("report.satisfaction", locale),
                text("report.follow-up-rate", locale)));
        for (var r : reports.channels(p)) {
            lines.add(List.of(
                    text("interaction.channel." + r.channel(), locale),
                    r.interactions(),
                    blank(r.averageSatisfaction()),
                    blank(r.successRate())));
        }
        return csv("channels-" + p.from() + "-" + p.to() + ".csv", lines);
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping("/frequency")
    String frequency(
            ReportPeriod asked,
            @RequestParam(name = "period", required = false) String preset,
            @RequestParam(defaultValue = "" + DEFAULT_QUIET_DAYS) int days,
            @RequestParam(required = false) String cursor,
            Model model) {
        // The most contacted customers are counted from the interactions themselves: a month by default.
        var period = preset == null ? new ReportPeriod("month", null, null, asked.teamId(), asked.ownerId()) : asked;
        var p = period.resolve(today());
        int quietDays = Math.max(1, Math.min(days, 3650));
        page(model, period, p);
        model.addAttribute("rows", reports.frequency(p, formats.zone(), FREQUENCY_ROWS));
        model.addAttribute("days", quietDays);
        model.addAttribute("quiet", reports.quiet(cutoff(quietDays), cursor, QUIET_PAGE));
        model.addAttribute("cursor", cursor);
        return "reports/frequency";
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EXPORT)
    @GetMapping("/frequency.csv")
    ResponseEntity<byte[]> frequencyCsv(
            ReportPeriod period, @RequestParam(defaultValue = "" + DEFAULT_QUIET_DAYS) int days) {
        var p = period.resolve(today());
        var locale = LocaleContextHolder.getLocale();
        var lines = new ArrayList<List<Object>>();
        lines.add(List.of(
                text("report.customer", locale),
                text("report.interactions", locale),
                text("report.last-contact", locale),
                "ID"));
        for (var r : reports.frequency(p, formats.zone(), CSV_ROWS)) {
            lines.add(List.of(r.name(), r.interactions(), formats.date(r.lastAt()), r.customerId()));
        }
        lines.add(List.of());
        lines.add(List.of(text("report.quiet.title", locale, Math.max(1, days))));
        String cursor = null;
        int written = 0;
        do {
            var slice = reports.quiet(cutoff(Math.max(1, days)), cursor, 500);
            for (var r : slice.items()) {
                lines.add(List.of(r.name(), "", formats.date(r.lastAt()), r.customerId()));
            }
            written += slice.items().size();
            cursor = slice.nextCursor();
        } while (cursor != null && written < CSV_ROWS);
        return csv("frequency-" + p.from() + "-" + p.to() + ".csv", lines);
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping("/follow-ups")
    String followUps(ReportPeriod period, Model model) {
        var p = period.resolve(today());
        var rows = reports.followUps(p);
        page(model, period, p);
        model.addAttribute("rows", rows);
        var names = names(rows);
        var locale = LocaleContextHolder.getLocale();
        model.addAttribute(
                "chart",
                json.writeValueAsString(Map.of(
                        "labels",
                                rows.stream()
                                        .map(r -> names.getOrDefault(r.ownerId(), "?"))
                                        .toList(),
                        "rates",
                                rows.stream()
                                        .map(r ->
                                                r.successRate() == null ? 0 : Math.round(r.successRate() * 1000) / 10.0)
                                        .toList(),
                        "needs",
                                rows.stream()
                                        .map(InteractionReports.FollowUpRow::needsFollowUp)
                                        .toList(),
                        "rateLabel", text("report.follow-up-rate", locale),
                        "needsLabel", text("report.needs-follow-up", locale))));
        return "reports/follow-ups";
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EXPORT)
    @GetMapping("/follow-ups.csv")
    ResponseEntity<byte[]> followUpsCsv(ReportPeriod period) {
        var p = period.resolve(today());
        var rows = reports.followUps(p);
        var names = names(rows);
        var teams = users.teamsById();
        var locale = LocaleContextHolder.getLocale();
        var lines = new ArrayList<List<Object>>();
        lines.add(List.of(
                text("report.owner", locale),
                text("report.team", locale),
                text("report.interactions", locale),
                text("report.with-result", locale),
                text("report.follow-up-rate", locale),
                text("report.needs-follow-up", locale)));
        for (var r : rows) {
            lines.add(List.of(
                    names.getOrDefault(r.ownerId(), r.ownerId().toString()),
                    r.teamId() == null || !teams.containsKey(r.teamId())
                            ? ""
                            : teams.get(r.teamId()).name(),
                    r.interactions(),
                    r.withResult(),
                    blank(r.successRate()),
                    r.needsFollowUp()));
        }
        return csv("follow-ups-" + p.from() + "-" + p.to() + ".csv", lines);
    }

    private void page(Model model, ReportPeriod period, InteractionReports.Period p) {
        model.addAttribute("period", period);
        model.addAttribute("range", p);
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("teams", users.teams());
        model.addAttribute(
                "usersById",
                users.users(users.activeUsers().stream()
                        .map(UserDirectory.UserSummary::id)
                        .toList()));
        model.addAttribute("teamsById", users.teamsById());
        model.addAttribute("canExport", access.allows(Access.Area.INTERACTIONS, Operation.EXPORT));
        model.addAttribute("section", "reports");
    }

    private Map<java.util.UUID, String> names(List<InteractionReports.FollowUpRow> rows) {
        return users
                .users(rows.stream()
                        .map(InteractionReports.FollowUpRow::ownerId)
                        .toList())
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().displayName()));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(formats.zone()));
    }

    private java.time.OffsetDateTime cutoff(int days) {
        return today().minusDays(days).plusDays(1).atStartOfDay(formats.zone()).toOffsetDateTime();
    }

    private static Object blank(Double value) {
        return value == null ? "" : value;
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    private static ResponseEntity<byte[]> csv(String filename, List<List<Object>> lines) {
        var out = new ByteArrayOutputStream();
        var text = new StringBuilder("\uFEFF");
        for (var line : lines) {
            text.append(line.stream().map(v -> field(String.valueOf(v))).collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(out.toByteArray());
    }

    /** One CSV field (RFC 4180); a leading formula character is neutralised so that a spreadsheet shows text. */
    private static String field(String value) {
        var v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")
                ? "'" + value
                : value;
        return v.matches(".*[\",\r\n].*") || v.contains(",") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
