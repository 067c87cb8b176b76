package dev.dossier.identity;

import dev.dossier.keys.EncryptedData;
import dev.dossier.keys.Keys;
import dev.dossier.keys.ReEncryption;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administrators see the encryption keys and how many values each encrypts, rotate the keys, mark optional fields
 * sensitive, and follow the background job that re-encrypts.
 */
@Controller
@RequestMapping("/admin/encryption")
class EncryptionAdminController {

    /**
     * A key as listed.
     *
     * @param id key id
     * @param created when it was made
     * @param primary whether new values are encrypted with it
     * @param values how many values it encrypts
     */
    record KeyRow(String id, java.time.Instant created, boolean primary, long values) {}

    /**
     * An optional field as listed.
     *
     * @param name field name
     * @param sensitive whether it is marked sensitive
     */
    record FieldRow(String name, boolean sensitive) {}

    private final Keys keys;
    private final ReEncryption job;
    private final List<EncryptedData> data;

    EncryptionAdminController(Keys keys, ReEncryption job, List<EncryptedData> data) {
        this.keys = keys;
        this.job = job;
        this.data = data;
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping
    String page(Model model) {
        var ring = keys.ring();
        var usage = job.usage();
        var counts = new LinkedHashMap<String, Long>();
        long plain = 0;
        for (var column : usage) {
            column.byKey().forEach((id, n) -> counts.merge(id, n, Long::sum));
            plain += column.plain();
        }
        model.addAttribute(
                "keys",
                ring.keys().stream()
                        .map(k -> new KeyRow(
                                k.id(),
                                k.created(),
                                k.id().equals(ring.primary().id()),
                                counts.getOrDefault(k.id(), 0L)))
                        .toList()
                        .reversed());
        model.addAttribute("plain", plain);
        model.addAttribute("source", keys.source());
        model.addAttribute("rotatable", keys.rotatable());
        model.addAttribute(
                "fields",
                data.stream()
                        .flatMap(d -> d.markableFields().stream()
                                .map(f -> new FieldRow(f, d.markedFields().contains(f))))
                        .toList());
        model.addAttribute("progress", job.progress());
        model.addAttribute("section", "admin");
        return "admin/encryption";
    }

    /** The job's progress alone, polled by the page while it runs. */
    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/progress")
    String progress(Model model) {
        model.addAttribute("progress", job.progress());
        return "admin/encryption :: progress";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/rotate")
    String rotate(RedirectAttributes redirect) {
        if (!keys.rotatable()) {
            redirect.addFlashAttribute("flashKey", "encryption.rotate.from-environment");
            return "redirect:/admin/encryption";
        }
        var ring = keys.rotate();
        job.request();
        redirect.addFlashAttribute("flashKey", "encryption.rotated");
        redirect.addFlashAttribute("flashArg", ring.primary().id());
        return "redirect:/admin/encryption";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/fields")
    String mark(
            @RequestParam String field,
            @RequestParam(defaultValue = "false") boolean sensitive,
            RedirectAttributes redirect) {
        var owner =
                data.stream().filter(d -> d.markableFields().contains(field)).findFirst();
        if (owner.isEmpty()) {
            redirect.addFlashAttribute("flashKey", "encryption.field.unknown");
            return "redirect:/admin/encryption";
        }
        owner.get().mark(field, sensitive);
        job.request();
        redirect.addFlashAttribute("flashKey", sensitive ? "encryption.field.marked" : "encryption.field.unmarked");
        redirect.addFlashAttribute("flashArg", field);
        return "redirect:/admin/encryption";
    }
}
