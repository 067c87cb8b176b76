package dev.dossier.feedback.surveys;

import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.db.Tables.SURVEY;
import static dev.dossier.db.Tables.SURVEY_RESPONSE;

import dev.dossier.feedback.cases.FeedbackCase;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.timeline.TimelineItem;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.shared.timeline.TimelineSource;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** A customer's survey answers on its timeline: CSAT with the case, NPS with the survey, each with the comment. */
@Component
class SurveyTimeline implements TimelineSource {

    private final DSLContext db;
    private final Access access;
    private final MessageSource messages;

    SurveyTimeline(DSLContext db, Access access, MessageSource messages) {
        this.db = db;
        this.access = access;
        this.messages = messages;
    }

    @Override
    public String kind() {
        return "survey";
    }

    @Override
    public List<TimelineItem> page(UUID customerId, TimelineQuery query) {
        if (!access.allows(Area.CASES, Operation.READ) || query.authorId() != null) {
            return List.of();
        }
        Condition c = SURVEY_RESPONSE.CUSTOMER_ID.eq(customerId);
        if (query.before() != null) {
            c = c.and(DSL.row(SURVEY_RESPONSE.ANSWERED_AT, SURVEY_RESPONSE.ID)
                    .lt(query.before().at(), query.before().id()));
        }
        if (query.from() != null) {
            c = c.and(SURVEY_RESPONSE.ANSWERED_AT.ge(query.from()));
        }
        if (query.to() != null) {
            c = c.and(SURVEY_RESPONSE.ANSWERED_AT.lt(query.to()));
        }
        var locale = LocaleContextHolder.getLocale();
        return db.select(
                        SURVEY_RESPONSE.ID,
                        SURVEY_RESPONSE.ANSWERED_AT,
                        SURVEY_RESPONSE.KIND,
                        SURVEY_RESPONSE.SCORE,
                        SURVEY_RESPONSE.COMMENT,
                        SURVEY_RESPONSE.CASE_ID,
                        SURVEY_RESPONSE.SURVEY_ID,
                        FEEDBACK_CASE.CASE_NO,
                        SURVEY.NAME)
                .from(SURVEY_RESPONSE)
                .leftJoin(FEEDBACK_CASE)
                .on(FEEDBACK_CASE.ID.eq(SURVEY_RESPONSE.CASE_ID))
                .leftJoin(SURVEY)
                .on(SURVEY.ID.eq(SURVEY_RESPONSE.SURVEY_ID))
                .where(c)
                .orderBy(SURVEY_RESPONSE.ANSWERED_AT.desc(), SURVEY_RESPONSE.ID.desc())
                .limit(query.limit())
                .fetch(r -> {
                    boolean csat = SurveyKind.CSAT.name().equals(r.value3());
                    var title = csat
                            ? messages.getMessage(
                                    "surveys.timeline.csat",
                                    new Object[] {r.value8() == null ? "" : FeedbackCase.number(r.value8()), r.value4()
                                    },
                                    locale)
                            : messages.getMessage(
                                    "surveys.timeline.nps", new Object[] {r.value9(), r.value4()}, locale);
                    var link = csat ? "/cases/" + r.value6() : "/surveys/" + r.value7();
                    return new TimelineItem(
                            "survey", r.value1(), r.value2(), null, title, r.value5(), link, List.of(r.value3()));
                });
    }
}
