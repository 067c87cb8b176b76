package dev.dossier.notifications;

import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's notices over REST: {@code /api/v1/notifications}. */
@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "Notifications", description = "The caller's notices")
@SecurityRequirement(name = "bearer")
@Permission.SelfService
class NotificationApiController {

    private final NotificationStore store;

    NotificationApiController(NotificationStore store) {
        this.store = store;
    }

    /**
     * A notice as the API shows it.
     *
     * @param text the message in the language the request asks for ({@code Accept-Language})
     * @param emailStatus PENDING, SENT, FAILED or NONE (not emailed)
     */
    record NotificationResource(
            UUID id,
            String kind,
            String text,
            String link,
            UUID customerId,
            UUID actorId,
            OffsetDateTime createdAt,
            OffsetDateTime readAt,
            @Schema(implementation = EmailStatus.class) String emailStatus) {

        static NotificationResource of(Notice n) {
            return new NotificationResource(
                    n.id(),
                    n.kind(),
                    n.text(),
                    n.link(),
                    n.customerId(),
                    n.actorId(),
                    n.createdAt(),
                    n.readAt(),
                    n.emailStatus().name());
        }
    }

    record NotificationPage(List<NotificationResource> items, String nextCursor, int unread) {}

    record Marked(int marked) {}

    @GetMapping
    @Operation(summary = "My notifications", description = "Newest first; pages follow nextCursor.")
    NotificationPage list(
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var me = CurrentUser.get().id();
        var page = store.list(me, unread, cursor, Math.max(1, Math.min(limit, 200)), LocaleContextHolder.getLocale());
        return new NotificationPage(
                page.items().stream().map(NotificationResource::of).toList(), page.nextCursor(), store.unread(me));
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Mark one notification read")
    NotificationResource read(@PathVariable UUID id) {
        var notice = store.markRead(CurrentUser.get().id(), id, LocaleContextHolder.getLocale());
        if (notice == null) {
            throw new dev.dossier.shared.NotFoundException("notification");
        }
        return NotificationResource.of(notice);
    }

    @PostMapping("/read-all")
    @Operation(summary = "Mark all my notifications read")
    Marked readAll() {
        return new Marked(store.markAllRead(CurrentUser.get().id()));
    }
}
