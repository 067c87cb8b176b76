package dev.dossier.privacy;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.AccessEvents.DataExported;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.shared.PersonalData;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The answer to an access request: one JSON document with every module's data about the customer, a section a
 * module. Delivered only once the requester's identity is verified, and to a third party or abroad only with the
 * customer's consent to that.
 */
@Service
class DataSubjectExport {

    static final String FORMAT = "dossier-data-subject-export/1";

    private final List<PersonalData> modules;
    private final SubjectRequests requests;
    private final ConsentCheck consents;
    private final Access access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DataSubjectExport(
            List<PersonalData> modules,
            SubjectRequests requests,
            ConsentCheck consents,
            Access access,
            ApplicationEventPublisher events,
            Clock clock) {
        this.modules = modules.stream()
                .sorted(Comparator.comparing(PersonalData::section))
                .toList();
        this.requests = requests;
        this.consents = consents;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /** The document for the request; refused unless it is an access request in progress or completed. */
    @Transactional
    Map<String, Object> document(UUID requestId) {
        access.require(Area.PRIVACY, Operation.EXPORT);
        var request = requests.get(requestId);
        if (!request.exportable()) {
            throw new WorkflowException("export-unavailable", "privacy.export.unavailable");
        }
        var destination = request.destination() == null ? Destination.REQUESTER : request.destination();
        if (destination.consentPurpose() != null) {
            consents.require(request.customerId(), destination.consentPurpose());
        }
        var sections = new LinkedHashMap<String, Object>();
        long rows = 0;
        for (var module : modules) {
            var records = module.export(request.customerId());
            sections.put(module.section(), records);
            rows += records.size();
        }
        var document = new LinkedHashMap<String, Object>();
        document.put("format", FORMAT);
        document.put("customerId", request.customerId());
        document.put("requestId", request.id());
        document.put("destination", destination.name());
        document.put("generatedAt", OffsetDateTime.now(clock));
        document.put("sections", sections);
        events.publishEvent(new DataExported(
                CurrentUser.actor().userId(),
                "data-subject-export",
                rows,
                "request " + request.id() + ", customer " + request.customerId() + ", to " + destination));
        return document;
    }
}
