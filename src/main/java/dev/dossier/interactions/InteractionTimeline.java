package dev.dossier.interactions;

import static dev.dossier.db.Tables.INTERACTION;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.timeline.TimelineAction;
import dev.dossier.shared.timeline.TimelineItem;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.shared.timeline.TimelineSource;
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
 * Interactions on the customer's timeline: one range of {@code interaction_timeline_idx} a page, titled like
 * "Call · outbound · Reached" in the reader's language.
 */
@Component
class InteractionTimeline implements TimelineSource {

    static final String KIND = "interaction";

    private final DSLContext db;
    private final Access access;
    private final MessageSource messages;

    InteractionTimeline(DSLContext db, Access access, MessageSource messages) {
        this.db = db;
        this.access = access;
        this.messages = messages;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<TimelineItem> page(UUID customerId, TimelineQuery query) {
        if (!access.allows(Area.INTERACTIONS, Operation.READ)) {
            return List.of();
        }
        var i = INTERACTION;
        Condition condition = i.CUSTOMER_ID.eq(customerId).and(i.DELETED_AT.isNull());
        if (query.before() != null) {
            condition = condition.and(DSL.row(i.STARTED_AT, i.ID)
                    .lt(query.before().at(), query.before().id()));
        }
        if (query.authorId() != null) {
            condition = condition.and(i.OWNER_ID.eq(query.authorId()));
        }
        if (query.from() != null) {
            condition = condition.and(i.STARTED_AT.ge(query.from()));
        }
        if (query.to() != null) {
            condition = condition.and(i.STARTED_AT.lt(query.to()));
        }
        var locale = LocaleContextHolder.getLocale();
        return db.select(i.ID, i.STARTED_AT, i.OWNER_ID, i.CHANNEL, i.DIRECTION, i.OUTCOME, i.SATISFACTION, i.SUMMARY)
                .from(i)
                .where(condition)
                .orderBy(i.STARTED_AT.desc(), i.ID.desc())
                .limit(query.limit())
                .fetch(r -> {
                    var outcome = text("interaction.outcome." + r.value6(), locale);
                    var title = title(r.value4(), r.value5(), r.value6());
                    var labels = new ArrayList<String>();
                    labels.add(outcome);
                    if (r.value7() != null) {
                        labels.add("★" + r.value7());
                    }
                    return new TimelineItem(
                            KIND,
                            r.value1(),
                            r.value2(),
                            r.value3(),
                            title,
                            r.value8(),
                            "/interactions/" + r.value1(),
                            labels);
                });
    }

    @Override
    public Optional<TimelineAction> action(UUID customerId) {
        if (!access.allows(Area.INTERACTIONS, Operation.CREATE)) {
            return Optional.empty();
        }
        return Optional.of(new TimelineAction("interaction.log", "/interactions/new?subject=customer:" + customerId));
    }

    /** "Call · outbound · Reached" in the current request's language. */
    String title(String channel, String direction, String outcome) {
        var locale = LocaleContextHolder.getLocale();
        return messages.getMessage(
                "interaction.title",
                new Object[] {
                    text("interaction.channel." + channel, locale),
                    text("interaction.direction.short." + direction, locale),
                    text("interaction.outcome." + outcome, locale)
                },
                locale);
    }

    private String text(String key, java.util.Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
