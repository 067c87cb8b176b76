package dev.dossier.audit;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Formats;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit trail's page: search, more rows through htmx, verification, and the CSV export. */
@Controller
@RequestMapping("/audit")
class AuditController {

    static final int PAGE_SIZE = 50;

    private final AuditQueries queries;
    private final AuditVerification verification;
    private final AuditTrail trail;
    private final AuditCsv csv;
    private final UserDirectory directory;
    private final Access access;
    private final AuditAnchors anchors;
    private final Clock clock;
    private final Formats formats;

    AuditController(
            AuditQueries queries,
            AuditVerification verification,
            AuditTrail trail,
            AuditCsv csv,
            UserDirectory directory,
            Access access,
            AuditAnchors anchors,
            Clock clock,
            Formats formats) {
        this.queries = queries;
        this.verification = verification;
        this.trail = trail;
        this.csv = csv;
        this.directory = directory;
        this.access = access;
        this.anchors = anchors;
        this.clock = clock;
        this.formats = formats;
    }

    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.READ)
    @GetMapping
    String list(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) UUID actorId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) UUID subjectId,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String fragment,
            HtmxRequest htmx,
            Model model) {
        var filter = new AuditQueries.Filter(from, to, actorId, action, subjectId, q);
        model.addAttribute("filter", filter);
        model.addAttribute("slice", queries.list(filter, cursor, PAGE_SIZE));
        model.addAttribute("cursor", cursor);
        model.addAttribute("actions", AuditQueries.ACTIONS);
        model.addAttribute("users", directory.activeUsers());
        model.addAttribute("canExport", access.allows(Area.AUDIT, Operation.EXPORT));
        model.addAttribute("section", "audit");
        boolean rowsOnly = htmx.isHtmxRequest() && "rows".equals(fragment);
        model.addAttribute("rowsOnly", rowsOnly);
        if (rowsOnly) {
            return "audit/list :: rows";
        }
        if (htmx.isHtmxRequest() && "results".equals(htmx.getTarget())) {
            return "audit/list :: results";
        }
        return "audit/list";
    }

    /** Verifies the chain and shows the result in place (or on the whole page, without JavaScript). */
    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.READ)
    @PostMapping("/verification")
    String verify(HtmxRequest htmx, Model model) {
        model.addAttribute("verification", verification.verify());
        if (htmx.isHtmxRequest()) {
            return "audit/list :: verification";
        }
        return list(null, null, null, null, null, null, null, null, HtmxRequest.empty(), model);
    }

    /** Writes a checkpoint of the head outside the database now, and says which. */
    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.READ)
    @PostMapping("/anchors")
    String checkpoint(HtmxRequest htmx, Model model) {
        model.addAttribute("checkpoint", anchors.checkpoint());
        if (htmx.isHtmxRequest()) {
            return "audit/list :: verification";
        }
        return list(null, null, null, null, null, null, null, null, HtmxRequest.empty(), model);
    }

    /** The checkpoints written outside the database, to be kept apart from the database and its backups. */
    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.EXPORT)
    @GetMapping("/anchors.txt")
    ResponseEntity<byte[]> anchors() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + AuditAnchors.FILE + "\"")
                .body(anchors.export());
    }

    /** The filtered entries as CSV (UTF-8 with a byte order mark, for spreadsheets), streamed; the export is itself recorded. */
    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.EXPORT)
    @GetMapping("/export.csv")
    void export(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) UUID actorId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) UUID subjectId,
            @RequestParam(required = false) String q,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        var filter = new AuditQueries.Filter(from, to, actorId, action, subjectId, q);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"audit-"
                        + LocalDate.now(clock.withZone(formats.zone())).format(DateTimeFormatter.BASIC_ISO_DATE)
                        + ".csv\"");
        var out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        long rows = csv.write(filter, out);
        out.flush();
        var actor = CurrentUser.actor();
        trail.append(AuditRecord.of("data.exported")
                .by(actor.userId(), actor.name())
                .from(request.getRemoteAddr())
                .with("kind", "audit.csv")
                .with("rows", rows)
                .with("description", filter.describe()));
    }
}
