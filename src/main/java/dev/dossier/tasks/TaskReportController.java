package dev.dossier.tasks;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.Formats;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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

/** The task completion report: per user and per team over a period, as a table, a chart and CSV. */
@Controller
class TaskReportController {

    private final TaskReports reports;
    private final Formats formats;
    private final MessageSource messages;
    private final ObjectMapper json;

    TaskReportController(TaskReports reports, Formats formats, MessageSource messages, ObjectMapper json) {
        this.reports = reports;
        this.formats = formats;
        this.messages = messages;
        this.json = json;
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.READ)
    @GetMapping("/reports/tasks")
    String report(
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to, Model model) {
        var period = period(from, to);
        var report = reports.report(at(period.get(0)), at(period.get(1).plusDays(1)));
        model.addAttribute("report", report);
        model.addAttribute("from", period.get(0));
        model.addAttribute("to", period.get(1));
        model.addAttribute(
                "chart",
                json.writeValueAsString(Map.of(
                        "names",
                                report.users().stream()
                                        .map(TaskReports.Line::name)
                                        .toList(),
                        "completion",
                                report.users().stream()
                                        .map(TaskReports.Line::completionRate)
                                        .toList(),
                        "onTime",
                                report.users().stream()
                                        .map(TaskReports.Line::onTimeRate)
                                        .toList(),
                        "overdue",
                                report.users().stream()
                                        .map(TaskReports.Line::overdueRate)
                                        .toList(),
                        "labels",
                                List.of(
                                        text("task.report.completion-rate"),
                                        text("task.report.on-time-rate"),
                                        text("task.report.overdue-rate")))));
        model.addAttribute("section", "reports");
        return "tasks/report";
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EXPORT)
    @GetMapping("/reports/tasks.csv")
    ResponseEntity<byte[]> csv(
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
        var period = period(from, to);
        var report = reports.report(at(period.get(0)), at(period.get(1).plusDays(1)));
        var out = new StringBuilder("\uFEFF");
        out.append(String.join(
                        ",",
                        text("task.report.by"),
                        text("task.report.name"),
                        text("task.report.due"),
                        text("task.report.completed"),
                        text("task.report.completion-rate"),
                        text("task.report.on-time"),
                        text("task.report.overdue-rate")))
                .append("\r\n");
        lines(out, text("task.report.user"), report.users());
        lines(out, text("task.report.team"), report.teams());
        var name = "tasks-" + period.get(0) + "-" + period.get(1) + ".csv";
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void lines(StringBuilder out, String by, List<TaskReports.Line> lines) {
        for (var l : lines) {
            out.append(cell(by))
                    .append(',')
                    .append(cell(l.name()))
                    .append(',')
                    .append(l.due())
                    .append(',')
                    .append(l.completed())
                    .append(',')
                    .append(l.completionRate())
                    .append(',')
                    .append(l.onTime())
                    .append(',')
                    .append(l.overdueRate())
                    .append("\r\n");
        }
    }

    /** A CSV cell, quoted, with formula prefixes defused so spreadsheets do not run it. */
    private static String cell(String value) {
        var text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** The period asked for, first and last day; this month by default, at most ten years. */
    private List<LocalDate> period(LocalDate from, LocalDate to) {
        var today = reports.today(formats.zone());
        var start = from == null ? today.withDayOfMonth(1) : from;
        var end = to == null ? start.plusMonths(1).withDayOfMonth(1).minusDays(1) : to;
        if (end.isBefore(start)) {
            end = start;
        }
        if (end.isAfter(start.plusYears(10))) {
            end = start.plusYears(10);
        }
        return List.of(start, end);
    }

    private OffsetDateTime at(LocalDate day) {
        return day.atStartOfDay(formats.zone()).toOffsetDateTime();
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }
}
