package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.feedback.CasePriority;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.timeline.TimelineAction;
import dev.dossier.shared.timeline.TimelineItem;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.shared.timeline.TimelineSource;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Cases on the customer's timeline, placed when they were opened, with their status now. One indexed query on
 * {@code (customer_id, created_at DESC, id DESC)}; the author filter is who logged the case.
 */
@Component
class CaseTimeline implements TimelineSource {

    private final DSLContext db;
    private final Access access;
    private final MessageSource messages;
    private final Clock clock;

    CaseTimeline(DSLContext db, Access access, MessageSource messages, Clock clock) {
        this.db = db;
        this.access = access;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "case";
    }

    @Override
    public List<TimelineItem> page(UUID customerId, TimelineQuery query) {
        if (!access.allows(Area.CASES, Operation.READ)) {
            return List.of();
        }
        Condition c = FEEDBACK_CASE.CUSTOMER_ID.eq(customerId).and(FEEDBACK_CASE.DELETED_AT.isNull());
        if (query.before() != null) {
            c = c.and(DSL.row(FEEDBACK_CASE.CREATED_AT, FEEDBACK_CASE.ID)
                    .lt(query.before().at(), query.before().id()));
        }
        if (query.authorId() != null) {
            c = c.and(FEEDBACK_CASE.CREATED_BY.eq(query.authorId()));
        }
        if (query.from() != null) {
            c = c.and(FEEDBACK_CASE.CREATED_AT.ge(query.from()));
        }
        if (query.to() != null) {
            c = c.and(FEEDBACK_CASE.CREATED_AT.lt(query.to()));
        }
        var locale = LocaleContextHolder.getLocale();
        var now = OffsetDateTime.now(clock);
        return db
                .selectFrom(FEEDBACK_CASE)
                .where(c)
                .orderBy(FEEDBACK_CASE.CREATED_AT.desc(), FEEDBACK_CASE.ID.desc())
                .limit(query.limit())
                .fetch(FeedbackCase::new)
                .stream()
                .map(fc -> {
                    var labels = new ArrayList<String>();
                    labels.add(messages.getMessage("cases.status." + fc.status(), null, locale));
                    if (fc.priority() == CasePriority.HIGH || fc.priority() == CasePriority.URGENT) {
                        labels.add(messages.getMessage("cases.priority." + fc.priority(), null, locale));
                    }
                    if (SlaState.of(fc, now, CaseQueries.WARNING).status() == SlaState.Status.BREACHED) {
                        labels.add(messages.getMessage("cases.sla.status.BREACHED", null, locale));
                    }
                    var summary = fc.description() == null
                            ? null
                            : fc.description().length() > 200
                                    ? fc.description().substring(0, 200) + "…"
                                    : fc.description();
                    return new TimelineItem(
                            "case",
                            fc.id(),
                            fc.createdAt(),
                            fc.createdBy(),
                            fc.number() + " " + messages.getMessage("cases.kind." + fc.kind(), null, locale) + ": "
                                    + fc.title(),
                            summary,
                            "/cases/" + fc.id(),
                            labels);
                })
                .toList();
    }

    @Override
    public Optional<TimelineAction> action(UUID customerId) {
        return access.allows(Area.CASES, Operation.CREATE)
                ? Optional.of(new TimelineAction("cases.new", "/cases/new?customer=" + customerId))
                : Optional.empty();
    }
}
