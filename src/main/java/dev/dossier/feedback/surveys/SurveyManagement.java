package dev.dossier.feedback.surveys;

import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.db.Tables.SURVEY;
import static dev.dossier.db.Tables.SURVEY_INVITATION;
import static dev.dossier.db.Tables.SURVEY_RESPONSE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.customers.CustomerType;
import dev.dossier.customers.Grade;
import dev.dossier.customers.LifecycleStage;
import dev.dossier.db.Stamps;
import dev.dossier.feedback.cases.CaseLanguages;
import dev.dossier.feedback.cases.CaseReporters;
import dev.dossier.feedback.cases.FeedbackCase;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.shared.ConsentCheck.Standing;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.shared.CustomerEmailSkipped;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.Upserts;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sending surveys and taking the answers. A CSAT survey goes to the customer of a resolved case, an NPS survey to
 * each customer with an email address in a segment the creator reaches; each gets a one-time link that expires after
 * {@link #VALID_FOR}. An answer is taken once: a second one, an unknown token or an expired link changes nothing.
 *
 * <p>A survey is service communication beyond what serving the case needs, so it goes only to customers whose
 * {@link ConsentCheck#SERVICE_COMMUNICATION} consent is in force: an NPS survey leaves out and counts the others, and
 * the outbox checks again when it sends; an email it skips takes its invitation back.
 */
@Service
class SurveyManagement {

    /** How long a survey link can be answered. */
    static final Duration VALID_FOR = Duration.ofDays(14);

    /** At most this many customers get one NPS survey. */
    static final int MAX_RECIPIENTS = 10_000;

    static final int MAX_COMMENT = 2000;

    /**
     * An NPS survey to create.
     *
     * @param name what staff call it
     * @param grades grades of the customers to ask (empty for all)
     * @param stages lifecycle stages (empty for all)
     * @param types customer types (empty for all)
     * @param tag a tag the customers carry, or null
     */
    record NpsDraft(
            @NotNull @Size(max = 200) String name,
            List<@OneOf(Grade.class) String> grades,
            List<@OneOf(LifecycleStage.class) String> stages,
            List<@OneOf(CustomerType.class) String> types,
            @Size(max = 50) String tag) {

        NpsDraft {
            name = Inputs.trim(name);
            grades = upperCase(grades);
            stages = upperCase(stages);
            types = upperCase(types);
            tag = Inputs.trim(tag);
        }

        /** The codes trimmed and in upper case, blanks as null, in their places (so problems name the right one). */
        private static List<String> upperCase(List<String> codes) {
            return codes == null
                    ? List.of()
                    : codes.stream()
                            .map(Inputs::trim)
                            .map(c -> c == null ? null : c.toUpperCase(Locale.ROOT))
                            .toList();
        }
    }

    /**
     * The comment given with an answer.
     *
     * @param comment what the customer adds, or null
     */
    record Comment(@Size(max = MAX_COMMENT) String comment) {

        Comment {
            comment = Inputs.trim(comment);
        }
    }

    /** Where a survey link stands. */
    enum LinkState {
        OPEN,
        UNKNOWN,
        EXPIRED,
        ANSWERED
    }

    /**
     * A survey link as the public page sees it.
     *
     * @param state where it stands
     * @param kind CSAT or NPS
     * @param invitationId the invitation, or null when unknown
     * @param caseNumber the case asked about (CSAT), or null
     */
    record Link(LinkState state, SurveyKind kind, UUID invitationId, String caseNumber) {}

    private static final String FIELD = "surveys.field";

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CaseLanguages languages;
    private final ConsentCheck consents;
    private final CaseReporters reporters;

    SurveyManagement(
            DSLContext db,
            Access access,
            CustomerDirectory customers,
            ApplicationEventPublisher events,
            Clock clock,
            CaseLanguages languages,
            ConsentCheck consents,
            CaseReporters reporters) {
        this.reporters = reporters;
        this.languages = languages;
        this.consents = consents;
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Invites the customer of a resolved case to a CSAT survey, once per case: to the address the case was reported
     * from, otherwise the customer's own. Without an address nobody is asked.
     *
     * @return whether an invitation was sent
     */
    @Transactional
    boolean inviteCsat(UUID caseId) {
        var c = db.select(FEEDBACK_CASE.CUSTOMER_ID, FEEDBACK_CASE.CASE_NO, FEEDBACK_CASE.TITLE)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .fetchOne();
        if (c == null || db.fetchExists(SURVEY_INVITATION, SURVEY_INVITATION.CASE_ID.eq(caseId))) {
            return false;
        }
        var reporter = reporters.email(caseId);
        var to = reporter != null && !reporter.isBlank()
                ? reporter
                : customers.emailAddresses(List.of(c.value1())).get(c.value1());
        if (to == null) {
            return false;
        }
        var token = invite(SurveyKind.CSAT, null, caseId, c.value1());
        if (token == null) {
            return false;
        }
        var number = FeedbackCase.number(c.value2());
        events.publishEvent(new CustomerEmailRequested(
                c.value1(),
                to,
                languages.of(caseId),
                "surveys.csat.email.subject",
                "surveys.csat.email.body",
                List.of(number, c.value3()),
                "/public/surveys/" + token,
                "csat:" + caseId,
                ConsentCheck.SERVICE_COMMUNICATION));
        return true;
    }

    /** Creates an NPS survey and invites every customer of the segment the current user reaches who has an email. */
    @Transactional
    Survey createNps(NpsDraft draft) {
        access.require(Area.CASES, Operation.CREATE);
        FieldRules.require(FIELD, draft);
        var name = draft.name();
        var grades = codes(draft.grades());
        var stages = codes(draft.stages());
        var types = codes(draft.types());
        var tag = draft.tag();
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var id = UUID.randomUUID();
        var segment = customers.segment(grades, stages, types, tag, MAX_RECIPIENTS);
        var emails = customers.emailAddresses(segment);
        var asked = new ArrayList<UUID>();
        int noEmail = 0;
        int noConsent = 0;
        int withdrawn = 0;
        for (var customerId : segment) {
            if (emails.get(customerId) == null) {
                noEmail++;
                continue;
            }
            switch (consents.standing(customerId, ConsentCheck.SERVICE_COMMUNICATION)) {
                case GRANTED -> asked.add(customerId);
                case WITHDRAWN -> withdrawn++;
                case NONE -> noConsent++;
            }
        }
        db.insertInto(SURVEY)
                .set(SURVEY.ID, id)
                .set(SURVEY.KIND, SurveyKind.NPS.name())
                .set(SURVEY.NAME, name)
                .set(SURVEY.GRADES, String.join(",", grades))
                .set(SURVEY.STAGES, String.join(",", stages))
                .set(SURVEY.CUSTOMER_TYPES, String.join(",", types))
                .set(SURVEY.TAG, tag)
                .set(SURVEY.INVITED, asked.size())
                .set(SURVEY.EXCLUDED_NO_EMAIL, noEmail)
                .set(SURVEY.EXCLUDED_NO_CONSENT, noConsent)
                .set(SURVEY.EXCLUDED_CONSENT_WITHDRAWN, withdrawn)
                .set(Stamps.created(SURVEY, by, now))
                .execute();
        var preferred = customers.preferredLanguages(asked);
        for (var customerId : asked) {
            var token = invite(SurveyKind.NPS, id, null, customerId);
            // In the customer's preferred language, else the installation's default.
            events.publishEvent(new CustomerEmailRequested(
                    customerId,
                    emails.get(customerId),
                    preferred.get(customerId),
                    "surveys.nps.email.subject",
                    "surveys.nps.email.body",
                    List.of(name),
                    "/public/surveys/" + token,
                    "nps:" + id + ":" + customerId,
                    ConsentCheck.SERVICE_COMMUNICATION));
        }
        return survey(id);
    }

    /**
     * Takes back the invitation of a survey email the outbox skipped for want of consent: the link was never sent.
     * An NPS survey then counts the customer among those left out, by reason, instead of among those asked.
     */
    @Transactional
    void skipped(CustomerEmailSkipped skipped) {
        var key = skipped.key() == null ? "" : skipped.key();
        var parts = key.split(":");
        try {
            if (parts.length == 2 && parts[0].equals("csat")) {
                db.deleteFrom(SURVEY_INVITATION)
                        .where(SURVEY_INVITATION.CASE_ID.eq(UUID.fromString(parts[1])))
                        .and(SURVEY_INVITATION.KIND.eq(SurveyKind.CSAT.name()))
                        .and(SURVEY_INVITATION.ANSWERED_AT.isNull())
                        .execute();
            } else if (parts.length == 3 && parts[0].equals("nps")) {
                var surveyId = UUID.fromString(parts[1]);
                int taken = db.deleteFrom(SURVEY_INVITATION)
                        .where(SURVEY_INVITATION.SURVEY_ID.eq(surveyId))
                        .and(SURVEY_INVITATION.CUSTOMER_ID.eq(UUID.fromString(parts[2])))
                        .and(SURVEY_INVITATION.ANSWERED_AT.isNull())
                        .execute();
                if (taken > 0) {
                    var excluded = skipped.reason() == Standing.WITHDRAWN
                            ? SURVEY.EXCLUDED_CONSENT_WITHDRAWN
                            : SURVEY.EXCLUDED_NO_CONSENT;
                    db.update(SURVEY)
                            .set(SURVEY.INVITED, SURVEY.INVITED.minus(1))
                            .set(excluded, excluded.plus(1))
                            .set(SURVEY.UPDATED_AT, OffsetDateTime.now(clock))
                            .where(SURVEY.ID.eq(surveyId))
                            .execute();
                }
            }
        } catch (IllegalArgumentException e) {
            // Not a survey's key: nothing to take back.
        }
    }

    private String invite(SurveyKind kind, UUID surveyId, UUID caseId, UUID customerId) {
        var token = SurveyTokens.newToken();
        var now = OffsetDateTime.now(clock);
        int inserted = Upserts.ifAbsent(() -> db.insertInto(SURVEY_INVITATION)
                .set(SURVEY_INVITATION.ID, UUID.randomUUID())
                .set(SURVEY_INVITATION.KIND, kind.name())
                .set(SURVEY_INVITATION.SURVEY_ID, surveyId)
                .set(SURVEY_INVITATION.CASE_ID, caseId)
                .set(SURVEY_INVITATION.CUSTOMER_ID, customerId)
                .set(SURVEY_INVITATION.TOKEN_HASH, SurveyTokens.hash(token))
                .set(SURVEY_INVITATION.EXPIRES_AT, now.plus(VALID_FOR))
                .set(SURVEY_INVITATION.CREATED_AT, now)
                .set(SURVEY_INVITATION.UPDATED_AT, now)
                .set(SURVEY_INVITATION.VERSION, 0)
                .onConflictDoNothing()
                .execute());
        return inserted == 0 ? null : token;
    }

    /** Where a link stands; answering needs {@link LinkState#OPEN}. */
    @Transactional(readOnly = true)
    Link link(String token) {
        if (token == null || token.length() != 43) {
            return new Link(LinkState.UNKNOWN, null, null, null);
        }
        var row = db.selectFrom(SURVEY_INVITATION)
                .where(SURVEY_INVITATION.TOKEN_HASH.eq(SurveyTokens.hash(token)))
                .fetchOne();
        if (row == null) {
            return new Link(LinkState.UNKNOWN, null, null, null);
        }
        var kind = SurveyKind.valueOf(row.getKind());
        String number = null;
        if (row.getCaseId() != null) {
            var no = db.select(FEEDBACK_CASE.CASE_NO)
                    .from(FEEDBACK_CASE)
                    .where(FEEDBACK_CASE.ID.eq(row.getCaseId()))
                    .fetchOne(FEEDBACK_CASE.CASE_NO);
            number = no == null ? null : FeedbackCase.number(no);
        }
        var state = row.getAnsweredAt() != null
                ? LinkState.ANSWERED
                : row.getExpiresAt().isBefore(OffsetDateTime.now(clock)) ? LinkState.EXPIRED : LinkState.OPEN;
        return new Link(state, kind, row.getId(), number);
    }

    /**
     * Takes an answer. The score lands in the responses and, for a CSAT survey, on the case.
     *
     * @return where the link stood: {@link LinkState#OPEN} when the answer was taken
     * @throws ValidationException when the score is out of range or the comment too long
     */
    @Transactional
    LinkState answer(String token, Integer score, String comment) {
        var link = link(token);
        if (link.state() != LinkState.OPEN) {
            return link.state();
        }
        var answer = new Comment(comment);
        var problems = new ArrayList<>(FieldRules.check(FIELD, answer));
        if (score == null || !link.kind().accepts(score)) {
            problems.add(new FieldProblem(
                    "score",
                    "surveys.score.range",
                    link.kind().min(),
                    link.kind().max()));
        }
        var text = answer.comment();
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = OffsetDateTime.now(clock);
        int taken = db.update(SURVEY_INVITATION)
                .set(SURVEY_INVITATION.ANSWERED_AT, now)
                .set(Stamps.changed(SURVEY_INVITATION, now))
                .where(SURVEY_INVITATION.ID.eq(link.invitationId()))
                .and(SURVEY_INVITATION.ANSWERED_AT.isNull())
                .execute();
        if (taken == 0) {
            return LinkState.ANSWERED;
        }
        var invitation = db.selectFrom(SURVEY_INVITATION)
                .where(SURVEY_INVITATION.ID.eq(link.invitationId()))
                .fetchOne();
        db.insertInto(SURVEY_RESPONSE)
                .set(SURVEY_RESPONSE.ID, UUID.randomUUID())
                .set(SURVEY_RESPONSE.INVITATION_ID, invitation.getId())
                .set(SURVEY_RESPONSE.KIND, invitation.getKind())
                .set(SURVEY_RESPONSE.SURVEY_ID, invitation.getSurveyId())
                .set(SURVEY_RESPONSE.CASE_ID, invitation.getCaseId())
                .set(SURVEY_RESPONSE.CUSTOMER_ID, invitation.getCustomerId())
                .set(SURVEY_RESPONSE.SCORE, score)
                .set(SURVEY_RESPONSE.COMMENT, text)
                .set(SURVEY_RESPONSE.ANSWERED_AT, now)
                .set(SURVEY_RESPONSE.CREATED_AT, now)
                .set(SURVEY_RESPONSE.UPDATED_AT, now)
                .set(SURVEY_RESPONSE.VERSION, 0)
                .execute();
        if (invitation.getCaseId() != null) {
            // updated_at moves so that the service measures' roll-up counts the answer.
            db.update(FEEDBACK_CASE)
                    .set(FEEDBACK_CASE.CSAT_SCORE, score)
                    .set(FEEDBACK_CASE.UPDATED_AT, now)
                    .where(FEEDBACK_CASE.ID.eq(invitation.getCaseId()))
                    .and(FEEDBACK_CASE.CSAT_SCORE.isNull())
                    .execute();
        }
        return LinkState.OPEN;
    }

    // ------------------------------------------------------------------ reading

    /**
     * An NPS survey with its results.
     *
     * @param id id
     * @param name name
     * @param segment the segment as chosen: grades, stages, types and tag
     * @param invited customers asked (their email was sent or is on its way)
     * @param excluded customers of the segment left out, by reason
     * @param answered answers received from customers the reader's scope in the cases area covers (as the service
     *     measures count them); promoters, passives, detractors and the NPS count the same answers
     * @param promoters answers 9 or 10
     * @param passives answers 7 or 8
     * @param detractors answers 0 to 6
     * @param nps promoters minus detractors, in percent of the answers; null without answers
     * @param createdAt when it was sent
     * @param createdBy who sent it
     */
    record Survey(
            UUID id,
            String name,
            Segment segment,
            int invited,
            Excluded excluded,
            int answered,
            int promoters,
            int passives,
            int detractors,
            Integer nps,
            OffsetDateTime createdAt,
            UUID createdBy) {}

    /**
     * The customers of an NPS survey's segment who were not asked, by reason.
     *
     * @param noEmail without an email address
     * @param noConsent never consented to service communication (surveys)
     * @param consentWithdrawn withdrew that consent, before the survey was created or before their email went out
     */
    record Excluded(int noEmail, int noConsent, int consentWithdrawn) {

        /** All of them. */
        public int total() {
            return noEmail + noConsent + consentWithdrawn;
        }
    }

    /**
     * Who an NPS survey went to.
     *
     * @param grades grades, empty for all
     * @param stages lifecycle stages, empty for all
     * @param types customer types, empty for all
     * @param tag tag, or null
     */
    record Segment(List<String> grades, List<String> stages, List<String> types, String tag) {}

    /** The NPS surveys, newest first. */
    @Transactional(readOnly = true)
    List<Survey> surveys() {
        return db
                .select(SURVEY.ID)
                .from(SURVEY)
                .where(SURVEY.DELETED_AT.isNull())
                .orderBy(SURVEY.CREATED_AT.desc(), SURVEY.ID.desc())
                .limit(200)
                .fetch(SURVEY.ID)
                .stream()
                .map(this::survey)
                .toList();
    }

    @Transactional(readOnly = true)
    Survey survey(UUID id) {
        var s = db.selectFrom(SURVEY)
                .where(SURVEY.ID.eq(id))
                .and(SURVEY.DELETED_AT.isNull())
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("survey"));
        var scores = db.select(SURVEY_RESPONSE.SCORE)
                .from(SURVEY_RESPONSE)
                .where(SURVEY_RESPONSE.SURVEY_ID.eq(id))
                .and(customers.owned(Area.CASES, SURVEY_RESPONSE.CUSTOMER_ID))
                .fetch(SURVEY_RESPONSE.SCORE);
        int promoters = (int) scores.stream().filter(x -> x >= 9).count();
        int detractors = (int) scores.stream().filter(x -> x <= 6).count();
        int passives = scores.size() - promoters - detractors;
        return new Survey(
                s.getId(),
                s.getName(),
                new Segment(split(s.getGrades()), split(s.getStages()), split(s.getCustomerTypes()), s.getTag()),
                s.getInvited(),
                new Excluded(s.getExcludedNoEmail(), s.getExcludedNoConsent(), s.getExcludedConsentWithdrawn()),
                scores.size(),
                promoters,
                passives,
                detractors,
                nps(promoters, detractors, scores.size()),
                s.getCreatedAt(),
                s.getCreatedBy());
    }

    /** Promoters minus detractors in percent of all answers, rounded; null without answers. */
    static Integer nps(int promoters, int detractors, int answers) {
        return answers == 0 ? null : (int) Math.round(100.0 * (promoters - detractors) / answers);
    }

    /**
     * CSAT over a period, counting only the links and answers of customers the reader's scope in the cases area
     * covers, as the service measures do.
     *
     * @param invited links sent
     * @param answered answers received
     * @param average average score, or null without answers
     * @param counts how many answered 1, 2, 3, 4 and 5
     */
    record CsatSummary(int invited, int answered, Double average, int[] counts) {}

    @Transactional(readOnly = true)
    CsatSummary csat(OffsetDateTime from) {
        int invited = db.fetchCount(
                SURVEY_INVITATION,
                SURVEY_INVITATION
                        .KIND
                        .eq(SurveyKind.CSAT.name())
                        .and(SURVEY_INVITATION.CREATED_AT.ge(from))
                        .and(customers.owned(Area.CASES, SURVEY_INVITATION.CUSTOMER_ID)));
        var counts = new int[5];
        var scores = db.select(SURVEY_RESPONSE.SCORE)
                .from(SURVEY_RESPONSE)
                .where(SURVEY_RESPONSE.KIND.eq(SurveyKind.CSAT.name()))
                .and(SURVEY_RESPONSE.ANSWERED_AT.ge(from))
                .and(customers.owned(Area.CASES, SURVEY_RESPONSE.CUSTOMER_ID))
                .fetch(SURVEY_RESPONSE.SCORE);
        scores.forEach(s -> counts[s - 1]++);
        var average = scores.isEmpty()
                ? null
                : Math.round(scores.stream()
                                        .mapToInt(Integer::intValue)
                                        .average()
                                        .orElse(0)
                                * 100)
                        / 100.0;
        return new CsatSummary(invited, scores.size(), average, counts);
    }

    /**
     * An answer, with the comment, for the staff pages.
     *
     * @param customerId the customer
     * @param caseId the case (CSAT), or null
     * @param score the score
     * @param comment the comment, or null
     * @param answeredAt when
     */
    record Answer(UUID customerId, UUID caseId, int score, String comment, OffsetDateTime answeredAt) {}

    /** The answers to a survey, newest first, of the customers the current user reaches. */
    @Transactional(readOnly = true)
    List<Answer> answers(UUID surveyId, int limit) {
        return db.select(
                        SURVEY_RESPONSE.CUSTOMER_ID,
                        SURVEY_RESPONSE.CASE_ID,
                        SURVEY_RESPONSE.SCORE,
                        SURVEY_RESPONSE.COMMENT,
                        SURVEY_RESPONSE.ANSWERED_AT)
                .from(SURVEY_RESPONSE)
                .where(SURVEY_RESPONSE.SURVEY_ID.eq(surveyId))
                .and(customers.reachable(SURVEY_RESPONSE.CUSTOMER_ID))
                .orderBy(SURVEY_RESPONSE.ANSWERED_AT.desc(), SURVEY_RESPONSE.ID.desc())
                .limit(limit)
                .fetch(r -> new Answer(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    private static List<String> codes(List<String> values) {
        return values.stream().filter(Objects::nonNull).distinct().toList();
    }

    private static List<String> split(String codes) {
        return codes == null || codes.isBlank() ? List.of() : List.of(codes.split(","));
    }
}
