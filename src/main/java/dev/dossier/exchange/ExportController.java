package dev.dossier.exchange;

import dev.dossier.identity.Permission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page of one's exports written in the background: their progress (refreshed while one runs) and downloads. */
@Controller
@RequestMapping("/exports")
@Permission.SelfService
class ExportController {

    private final BackgroundExports exports;

    ExportController(BackgroundExports exports) {
        this.exports = exports;
    }

    @GetMapping
    String list(Model model) {
        table(model);
        return "exports/list";
    }

    /** The table alone, which the page fetches every two seconds while an export runs. */
    @GetMapping("/table")
    String table(Model model) {
        var mine = exports.mine();
        model.addAttribute("exports", mine);
        model.addAttribute(
                "running",
                mine.stream()
                        .anyMatch(e -> BackgroundExports.State.RUNNING.name().equals(e.getState())));
        return "exports/list :: table";
    }

    @GetMapping("/{id}/file")
    void file(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        ExportApiController.download(exports, id, response);
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        exports.delete(id);
        redirect.addFlashAttribute("flashKey", "export.deleted");
        return "redirect:/exports";
    }
}
