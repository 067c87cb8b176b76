package dev.dossier.notifications;

import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The bell in the page header and the list of one's notices. */
@Controller
@RequestMapping("/notifications")
@Permission.SelfService
class NotificationController {

    private static final int PAGE_SIZE = 30;

    private final NotificationStore store;

    NotificationController(NotificationStore store) {
        this.store = store;
    }

    @GetMapping
    String list(
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(required = false) String cursor,
            HtmxRequest htmx,
            Model model) {
        var me = CurrentUser.get().id();
        var page = store.list(me, unread, cursor, PAGE_SIZE, LocaleContextHolder.getLocale());
        model.addAttribute("notices", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("unreadOnly", unread);
        model.addAttribute("unreadCount", store.unread(me));
        model.addAttribute("section", "notifications");
        return htmx.isHtmxRequest() && cursor != null ? "notifications/list :: rows" : "notifications/list";
    }

    @GetMapping("/bell")
    String bell(Model model) {
        model.addAttribute("unreadCount", store.unread(CurrentUser.get().id()));
        return "notifications/bell :: bell";
    }

    /** Opens what a notice is about, marking it read on the way. */
    @GetMapping("/{id}/open")
    String open(@PathVariable java.util.UUID id) {
        var notice = store.markRead(CurrentUser.get().id(), id, LocaleContextHolder.getLocale());
        if (notice == null) {
            throw new dev.dossier.shared.NotFoundException("notification");
        }
        var link = notice.link();
        return "redirect:" + (link == null || !link.startsWith("/") || link.startsWith("//") ? "/notifications" : link);
    }

    @PostMapping("/{id}/read")
    String read(@PathVariable java.util.UUID id) {
        store.markRead(CurrentUser.get().id(), id, LocaleContextHolder.getLocale());
        return "redirect:/notifications";
    }

    @PostMapping("/read-all")
    String readAll(org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        int count = store.markAllRead(CurrentUser.get().id());
        redirect.addFlashAttribute("flashKey", "notification.all-read");
        redirect.addFlashAttribute("flashArg", count);
        return "redirect:/notifications";
    }
}
