package dev.dossier.customers;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.Formats;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A customer's timeline: the page fragment that scrolls on ({@link TimelineApiController} is the API's). */
@Controller
class TimelineController {

    private static final int PAGE_SIZE = 20;

    private final CustomerTimeline timeline;
    private final Formats formats;

    TimelineController(CustomerTimeline timeline, Formats formats) {
        this.timeline = timeline;
        this.formats = formats;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/customers/{id}/timeline")
    String fragment(@PathVariable UUID id, TimelineFilter filter, Model model) {
        model.addAllAttributes(timeline.model(id, filter, formats.zone(), PAGE_SIZE));
        return "customers/timeline :: entries";
    }
}
