package dev.dossier.exchange;

import dev.dossier.identity.Access;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators see the backups, make one now (with its progress shown) and download them. */
@Controller
@RequestMapping("/admin/backups")
class BackupController {

    private final Backups backups;

    BackupController(Backups backups) {
        this.backups = backups;
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping
    String list(Model model) {
        model.addAttribute("backups", backups.list());
        model.addAttribute("status", backups.status());
        model.addAttribute("schedule", backups.schedule());
        model.addAttribute("keep", backups.keep());
        model.addAttribute(
                "directory", backups.directory().toAbsolutePath().normalize().toString());
        model.addAttribute("section", "admin");
        return "admin/backups";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EXPORT)
    @PostMapping
    String backUp(HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        boolean started = backups.start(CurrentUser.get().id());
        if (htmx.isHtmxRequest()) {
            model.addAttribute("status", backups.status());
            return "admin/backups :: progress";
        }
        redirect.addFlashAttribute("startedBackup", started);
        return "redirect:/admin/backups";
    }

    /** While a backup runs, the progress box polls here; once it is done the page reloads to list it. */
    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/progress")
    String progress(Model model) {
        var status = backups.status();
        if (!status.running()) {
            return HtmxViewResolver.REFRESH_VIEW_NAME;
        }
        model.addAttribute("status", status);
        return "admin/backups :: progress";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EXPORT)
    @GetMapping("/{name}")
    ResponseEntity<Resource> download(@PathVariable String name) {
        var entry = backups.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        backups.downloaded(entry, CurrentUser.get().id());
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(entry.name())
                                .build()
                                .toString())
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(new FileSystemResource(backups.path(entry)));
    }
}
