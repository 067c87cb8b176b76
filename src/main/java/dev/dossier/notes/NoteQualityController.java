package dev.dossier.notes;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Formats;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The note-quality review page and its CSV export. */
@Controller
class NoteQualityController {

    private final NoteQuality quality;
    private final NoteTemplates templates;
    private final UserDirectory users;
    private final Formats formats;
    private final MessageSource messages;

    NoteQualityController(
            NoteQuality quality,
            NoteTemplates templates,
            UserDirectory users,
            Formats formats,
            MessageSource messages) {
        this.quality = quality;
        this.templates = templates;
        this.users = users;
        this.formats = formats;
        this.messages = messages;
    }

    /**
     * The period and threshold asked for.
     *
     * @param from first day
     * @param to last day, inclusive
     * @param lateHours hours after which a note is late
     */
    record Period(LocalDate from, LocalDate to, int lateHours) {}

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/reports/note-quality")
    String page(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "24") int lateHours,
            Model model) {
        var period = period(from, to, lateHours);
        var review = review(period);
        model.addAttribute("period", period);
        model.addAttribute("review", review);
        model.addAttribute("userNames", userNames(review));
        model.addAttribute("teamNames", teamNames());
        var templateNames = new HashMap<UUID, String>();
        review.fixes().forEach(f -> templateNames.put(f.id(), templates.name(f.templateCode(), f.templateName())));
        model.addAttribute("templateNames", templateNames);
        model.addAttribute("section", "reports");
        return "reports/note-quality";
    }

    @Permission(area = Area.NOTES, operation = Operation.EXPORT)
    @GetMapping("/reports/note-quality.csv")
    ResponseEntity<byte[]> csv(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "24") int lateHours) {
        var period = period(from, to, lateHours);
        var review = review(period);
        var userNames = userNames(review);
        var teamNames = teamNames();
        var out = new StringBuilder("\uFEFF");
        line(
                out,
                text("note-quality.csv.kind"),
                text("note-quality.csv.name"),
                text("note-quality.written"),
                text("note-quality.missing"),
                text("note-quality.nonstandard"),
                text("note-quality.late"));
        review.authors()
                .forEach(r -> line(
                        out,
                        text("note-quality.author"),
                        name(userNames, r.id()),
                        r.written(),
                        r.missing(),
                        r.nonstandard(),
                        r.late()));
        review.teams()
                .forEach(r -> line(
                        out,
                        text("note-quality.team"),
                        name(teamNames, r.id()),
                        r.written(),
                        r.missing(),
                        r.nonstandard(),
                        r.late()));
        var file = "note-quality-" + period.from() + "-" + period.to() + ".csv";
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file).build().toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private NoteQuality.Review review(Period period) {
        var zone = formats.zone();
        return quality.review(
                period.from().atStartOfDay(zone).toOffsetDateTime(),
                period.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime(),
                period.lateHours());
    }

    private Period period(LocalDate from, LocalDate to, int lateHours) {
        var today = formats.today();
        var end = to == null ? today : to;
        var start = from == null ? end.minusDays(29) : from;
        if (start.isAfter(end)) {
            start = end;
        }
        return new Period(start, end, Math.clamp(lateHours, 1, 24 * 90));
    }

    private Map<UUID, String> userNames(NoteQuality.Review review) {
        var ids = new java.util.HashSet<UUID>();
        review.authors().forEach(r -> ids.add(r.id()));
        review.fixes().forEach(f -> ids.add(f.authorId()));
        ids.remove(null);
        var names = new HashMap<UUID, String>();
        users.users(ids).forEach((id, u) -> names.put(id, u.displayName()));
        return names;
    }

    private Map<UUID, String> teamNames() {
        var names = new HashMap<UUID, String>();
        users.teams().forEach(t -> names.put(t.id(), t.name()));
        return names;
    }

    private String name(Map<UUID, String> names, UUID id) {
        return id == null ? text("note-quality.nobody") : names.getOrDefault(id, id.toString());
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }

    private static void line(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            var value = String.valueOf(values[i]);
            if (value.startsWith("=") || value.startsWith("+") || value.startsWith("-") || value.startsWith("@")) {
                value = "'" + value;
            }
            out.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
    }
}
