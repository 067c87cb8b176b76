package dev.dossier.interactions;

import static dev.dossier.db.Tables.INTERACTION;
import static dev.dossier.db.Tables.INTERACTION_EXTERNAL_REF;
import static dev.dossier.db.Tables.INTERACTION_IMPORT_EFFECT;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.customers.CustomerImport;
import dev.dossier.db.Batches;
import dev.dossier.db.InLists;
import dev.dossier.db.tables.records.InteractionExternalRefRecord;
import dev.dossier.db.tables.records.InteractionImportEffectRecord;
import dev.dossier.db.tables.records.InteractionRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.interactions.InteractionEvents.InteractionChanged;
import dev.dossier.interactions.InteractionEvents.InteractionDeleted;
import dev.dossier.interactions.InteractionEvents.InteractionsImported;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Formats;
import dev.dossier.shared.ImportDates;
import dev.dossier.shared.ImportText;
import dev.dossier.shared.Subject;
import dev.dossier.shared.ValidationException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interactions brought in from the history of an old system (the imports of module exchange). Each row names its
 * customer by the id an import of customers kept from the same old system, by a phone number or by an email address,
 * and is checked with the rules of the form. Every row keeps a reference (its id in the old system, or a keyed digest
 * of the row), so that the same file imported again finds its interactions instead of logging them twice: such rows
 * are skipped, or overwrite what the earlier import wrote. An import can be undone while nobody has changed its
 * interactions since.
 *
 * <p>Runs as the user who started the import: it needs the import right on interactions and must reach each row's
 * customer; a row naming a customer out of reach is reported as naming no one.
 */
@Service
public class InteractionImport {

    /** What a column of a file can hold. */
    public enum Field {
        /** The interaction's id in the old system; re-importing the same id finds it again. */
        REFERENCE,
        /** The customer's id in the old system, as an import of customers kept it. */
        CUSTOMER_REFERENCE,
        CUSTOMER_PHONE,
        CUSTOMER_EMAIL,
        STARTED_AT,
        CHANNEL,
        DIRECTION,
        DURATION,
        SUMMARY,
        CONTENT,
        OUTCOME,
        SATISFACTION,
        /** A user's sign-in name or display name. */
        OWNER
    }

    /** What became of a row. */
    public enum Result {
        CREATED,
        UPDATED,
        UNCHANGED,
        SKIPPED,
        INVALID
    }

    /**
     * One row of a file.
     *
     * @param line its row number in the file (the header is row 1)
     * @param reference the key that finds it again on the next import, at most 100 characters
     * @param values its cells by field; blank cells may be left out
     */
    public record Row(long line, String reference, Map<Field, String> values) {

        public Row {
            values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
        }
    }

    /**
     * How an import treats its rows.
     *
     * @param importId the import, kept beside the interactions it logs or changes
     * @param overwrite whether a row an earlier import brought in overwrites it (else it is skipped)
     */
    public record Options(UUID importId, boolean overwrite) {}

    /**
     * What became of a row, or would become of it.
     *
     * @param line the row number
     * @param result what was (or would be) done
     * @param interactionId the interaction logged, changed or matched, or null
     * @param problems what is wrong with it, by field (a {@link Field} name, or empty for the row as a whole)
     */
    public record RowOutcome(long line, Result result, UUID interactionId, List<FieldProblem> problems) {}

    /**
     * One batch undone.
     *
     * @param last the last interaction of the batch, to go on after; null when there was nothing left
     * @param undone interactions put back
     * @param kept interactions kept as they are, changed since the import or out of the undoer's reach
     */
    public record Step(UUID last, long undone, long kept) {}

    /** The values an import replaced, kept (encrypted) for an undo. */
    record Before(
            String channel,
            String direction,
            OffsetDateTime startedAt,
            Integer durationMinutes,
            String summary,
            String content,
            String outcome,
            Integer satisfaction,
            UUID ownerId,
            UUID teamId) {}

    static final String BEFORE_COLUMN = "interaction_import_effect.before_values";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d{1,2})\\s*[:：]\\s*(\\d{1,2})(?:\\s*[:：]\\s*(\\d{1,2}))?)"
                    + "|(?:(\\d{1,4})\\s*(?:分钟|分|min|mins|minutes|m)?)",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> FIELD_OF_PROBLEM = Map.of(
            "channel", "CHANNEL",
            "direction", "DIRECTION",
            "startedAt", "STARTED_AT",
            "durationMinutes", "DURATION",
            "summary", "SUMMARY",
            "content", "CONTENT",
            "outcome", "OUTCOME",
            "satisfaction", "SATISFACTION",
            "ownerId", "OWNER");

    private final DSLContext db;
    private final InteractionManagement management;
    private final InteractionRepository repository;
    private final InteractionRollups rollups;
    private final CustomerImport customerImport;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final Access access;
    private final FieldCipher cipher;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Formats formats;
    private final Map<Class<?>, Map<String, Enum<?>>> labels = new HashMap<>();

    InteractionImport(
            DSLContext db,
            InteractionManagement management,
            InteractionRepository repository,
            InteractionRollups rollups,
            CustomerImport customerImport,
            CustomerDirectory customers,
            UserDirectory users,
            Access access,
            FieldCipher cipher,
            ApplicationEventPublisher events,
            Clock clock,
            Formats formats,
            MessageSource messages) {
        this.db = db;
        this.management = management;
        this.repository = repository;
        this.rollups = rollups;
        this.customerImport = customerImport;
        this.customers = customers;
        this.users = users;
        this.access = access;
        this.cipher = cipher;
        this.events = events;
        this.clock = clock;
        this.formats = formats;
        labels.put(
                Channel.class,
                labelsOf(
                        Channel.class,
                        messages,
                        Map.of(
                                Channel.CALL, List.of("来电", "去电", "通话", "电话沟通", "phone", "phonecall", "telephone"),
                                Channel.VISIT, List.of("上门", "面访", "拜访客户", "走访", "visit", "onsite"),
                                Channel.EMAIL, List.of("电邮", "电子邮件", "mail", "e-mail"),
                                Channel.CHAT, List.of("微信", "qq", "聊天", "在线", "企业微信", "钉钉", "im", "wechat"),
                                Channel.MEETING, List.of("开会", "视频会议", "会面", "meeting"),
                                Channel.SOCIAL, List.of("社交", "微博", "抖音", "social"))));
        labels.put(
                Direction.class,
                labelsOf(
                        Direction.class,
                        messages,
                        Map.of(
                                Direction.INBOUND, List.of("呼入", "来电", "客户来访", "in", "incoming", "inbound"),
                                Direction.OUTBOUND, List.of("呼出", "去电", "主动联系", "out", "outgoing", "outbound"))));
        labels.put(
                Outcome.class,
                labelsOf(
                        Outcome.class,
                        messages,
                        Map.of(
                                Outcome.REACHED, List.of("已接通", "接通", "已联系", "成功", "reached", "connected"),
                                Outcome.NO_ANSWER, List.of("未接通", "无人接听", "未接", "no answer", "missed"),
                                Outcome.NEEDS_FOLLOW_UP, List.of("待跟进", "需跟进", "跟进", "follow up", "followup"),
                                Outcome.DEAL_PROGRESSED, List.of("有进展", "成交", "商机", "deal", "progressed"),
                                Outcome.ISSUE_RAISED, List.of("投诉", "问题", "issue", "complaint"))));
    }

    /** What {@link #apply} would do with the rows, without writing anything. */
    @Transactional(readOnly = true)
    public List<RowOutcome> check(List<Row> rows, Options options, LongPredicate firstSeen) {
        access.require(Area.INTERACTIONS, Operation.IMPORT);
        return new Batch(rows, options, false, firstSeen).run();
    }

    /** Logs, changes or skips the interactions of the rows, in one transaction. */
    @Transactional
    public List<RowOutcome> apply(List<Row> rows, Options options) {
        access.require(Area.INTERACTIONS, Operation.IMPORT);
        return new Batch(rows, options, true, key -> true).run();
    }

    /** One batch of rows: read, matched, then written (or only judged). */
    private final class Batch {

        private final List<Row> rows;
        private final Options options;
        private final boolean write;
        private final LongPredicate firstSeen;
        private final OffsetDateTime now = OffsetDateTime.now(clock);
        private final UUID me = CurrentUser.get().id();
        private final List<RowOutcome> outcomes = new ArrayList<>();
        private java.util.Set<UUID> reach = Set.of();
        /** References that are Dossier's own ids of interactions, as an exported file has them. */
        private final Set<String> dossierIds = new HashSet<>();

        private Map<String, UUID> owners;
        private final Map<UUID, java.util.Optional<UserDirectory.UserSummary>> ownerSummaries = new HashMap<>();

        private java.util.Optional<UserDirectory.UserSummary> user(UUID id) {
            return ownerSummaries.computeIfAbsent(id, users::user);
        }

        Batch(List<Row> rows, Options options, boolean write, LongPredicate firstSeen) {
            this.rows = rows;
            this.options = options;
            this.write = write;
            this.firstSeen = firstSeen;
        }

        List<RowOutcome> run() {
            var named = customerImport.customersNamed(
                    values(Field.CUSTOMER_REFERENCE), values(Field.CUSTOMER_PHONE), values(Field.CUSTOMER_EMAIL));
            reach = customers.reachable(named.values().stream()
                    .map(CustomerImport.Named::customerId)
                    .toList());
            var ours = new HashSet<String>();
            var earlier = earlierImports(ours);
            var inBatch = new HashSet<String>();
            var created = new ArrayList<Interaction>();
            var refs = new ArrayList<InteractionExternalRefRecord>();
            var effects = new ArrayList<InteractionImportEffectRecord>();
            var changed = new ArrayList<UUID>();
            for (var row : rows) {
                var problems = new ArrayList<FieldProblem>();
                var who = customer(row, named, problems);
                var customerId = who == null ? null : who.customerId();
                var draft = draft(row, who, problems);
                InteractionManagement.Checked checked = null;
                try {
                    // The form's rules, each field's problems beside those found reading the row.
                    checked = management.check(draft, customerId, draft.ownerId(), this::user);
                } catch (ValidationException e) {
                    var seen = new HashSet<String>();
                    problems.forEach(p -> seen.add(p.field()));
                    for (var p : e.problems()) {
                        var field = FIELD_OF_PROBLEM.getOrDefault(p.field(), "");
                        if (!seen.contains(field) || field.isEmpty()) {
                            problems.add(new FieldProblem(field, p.code(), p.args()));
                        }
                    }
                }
                if (problems.isEmpty()) {
                    {
                        var existing = earlier.get(row.reference());
                        if (existing != null
                                && dossierIds.contains(row.reference())
                                && !existing.customerId().equals(customerId)) {
                            // Another customer's interaction: the row is not it.
                            existing = null;
                        }
                        boolean repeated = !inBatch.add(row.reference())
                                || !firstSeen.test(key(row.reference()))
                                || ours.contains(row.reference());
                        if (repeated) {
                            outcomes.add(new RowOutcome(
                                    row.line(),
                                    Result.SKIPPED,
                                    existing == null ? null : existing.id(),
                                    List.of(new FieldProblem("", "import.interaction.earlier-row"))));
                        } else if (existing == null) {
                            var interaction = interaction(UUID.randomUUID(), customerId, draft, checked, null);
                            created.add(interaction);
                            refs.add(new InteractionExternalRefRecord(
                                    row.reference(), interaction.id(), options.importId(), now));
                            effects.add(new InteractionImportEffectRecord(
                                    options.importId(), interaction.id(), true, null, 0));
                            outcomes.add(new RowOutcome(row.line(), Result.CREATED, interaction.id(), List.of()));
                        } else if (!options.overwrite()) {
                            outcomes.add(new RowOutcome(row.line(), Result.SKIPPED, existing.id(), List.of()));
                        } else {
                            outcomes.add(overwrite(row, existing, customerId, draft, checked, changed));
                        }
                        continue;
                    }
                }
                outcomes.add(new RowOutcome(row.line(), Result.INVALID, null, List.copyOf(problems)));
            }
            if (write && !created.isEmpty()) {
                var records = new ArrayList<InteractionRecord>();
                for (var i : created) {
                    records.add(record(i));
                }
                Batches.insert(db, records);
                Batches.insert(db, refs);
                Batches.insert(db, effects);
                rollups.logged(created);
            }
            if (write && (!created.isEmpty() || !changed.isEmpty())) {
                events.publishEvent(new InteractionsImported(
                        options.importId(),
                        created.stream().map(Interaction::id).toList(),
                        changed,
                        me));
            }
            outcomes.sort(java.util.Comparator.comparingLong(RowOutcome::line));
            return outcomes;
        }

        private RowOutcome overwrite(
                Row row,
                Interaction existing,
                UUID customerId,
                InteractionDraft draft,
                InteractionManagement.Checked checked,
                List<UUID> changed) {
            if (!existing.customerId().equals(customerId)) {
                return new RowOutcome(
                        row.line(),
                        Result.INVALID,
                        existing.id(),
                        List.of(new FieldProblem("", "import.interaction.other-customer")));
            }
            if (!management.allows(existing, Operation.EDIT)) {
                return new RowOutcome(
                        row.line(),
                        Result.SKIPPED,
                        existing.id(),
                        List.of(new FieldProblem("", "import.interaction.not-editable")));
            }
            var after = interaction(existing.id(), customerId, draft, checked, existing);
            if (same(existing, after)) {
                return new RowOutcome(row.line(), Result.UNCHANGED, existing.id(), List.of());
            }
            if (write) {
                if (!repository.update(after, existing.version(), me)) {
                    return new RowOutcome(
                            row.line(),
                            Result.SKIPPED,
                            existing.id(),
                            List.of(new FieldProblem("", "import.interaction.changed-meanwhile")));
                }
                rollups.changed(existing, after);
                remember(existing, after.version());
                changed.add(existing.id());
            }
            return new RowOutcome(row.line(), Result.UPDATED, existing.id(), List.of());
        }

        /** Keeps what the import replaced, the first time this import changes the interaction. */
        private void remember(Interaction before, int versionAfter) {
            var e = INTERACTION_IMPORT_EFFECT;
            var sealed = cipher.encrypt(
                    BEFORE_COLUMN,
                    JSON.writeValueAsString(new Before(
                            before.channel().name(),
                            before.direction().name(),
                            before.startedAt(),
                            before.durationMinutes(),
                            before.summary(),
                            before.content(),
                            before.outcome().name(),
                            before.satisfaction(),
                            before.ownerId(),
                            before.teamId())));
            int updated = db.update(e)
                    .set(e.VERSION_AFTER, versionAfter)
                    .where(e.IMPORT_ID.eq(options.importId()))
                    .and(e.INTERACTION_ID.eq(before.id()))
                    .execute();
            if (updated == 0) {
                db.insertInto(e)
                        .set(e.IMPORT_ID, options.importId())
                        .set(e.INTERACTION_ID, before.id())
                        .set(e.CREATED, false)
                        .set(e.BEFORE_VALUES, sealed)
                        .set(e.VERSION_AFTER, versionAfter)
                        .execute();
            }
        }

        private Interaction interaction(
                UUID id,
                UUID customerId,
                InteractionDraft draft,
                InteractionManagement.Checked checked,
                Interaction before) {
            return new Interaction(
                    id,
                    customerId,
                    before == null ? Subject.parse(draft.subject()) : before.subject(),
                    checked.channel(),
                    checked.direction(),
                    draft.startedAt(),
                    draft.durationMinutes(),
                    draft.summary(),
                    draft.content(),
                    checked.outcome(),
                    draft.satisfaction(),
                    draft.followUpSucceeded(),
                    draft.ownerId(),
                    before != null && draft.ownerId().equals(before.ownerId()) ? before.teamId() : checked.teamId(),
                    before == null ? null : before.taskId(),
                    before == null ? List.of() : before.participants(),
                    before == null ? now : before.createdAt(),
                    before == null ? me : before.createdBy(),
                    now,
                    before == null ? 0 : before.version() + 1);
        }

        private InteractionRecord record(Interaction i) {
            var r = new InteractionRecord();
            r.setId(i.id());
            r.setCustomerId(i.customerId());
            r.setSubjectType(i.subject().type());
            r.setSubjectId(i.subject().id());
            r.setChannel(i.channel().name());
            r.setDirection(i.direction().name());
            r.setStartedAt(i.startedAt());
            r.setDurationMinutes(i.durationMinutes());
            r.setSummary(i.summary());
            r.setContent(i.content());
            r.setOutcome(i.outcome().name());
            r.setSatisfaction(i.satisfaction());
            r.setFollowUpSucceeded(i.followUpSucceeded());
            r.setOwnerId(i.ownerId());
            r.setTeamId(i.teamId());
            r.setCreatedAt(i.createdAt());
            r.setUpdatedAt(i.updatedAt());
            r.setCreatedBy(me);
            r.setUpdatedBy(me);
            r.setVersion(0);
            return r;
        }

        /** The interactions earlier imports brought in under the rows' references, if they are still there. */
        private Map<String, Interaction> earlierImports(Set<String> ours) {
            var references = new HashSet<String>();
            rows.forEach(r -> references.add(r.reference()));
            var r = INTERACTION_EXTERNAL_REF;
            var ids = new HashMap<String, UUID>();
            db.select(r.REF, r.INTERACTION_ID, r.IMPORT_ID)
                    .from(r)
                    .join(INTERACTION)
                    .on(INTERACTION.ID.eq(r.INTERACTION_ID))
                    .where(InLists.in(db, r.REF, references))
                    .and(INTERACTION.DELETED_AT.isNull())
                    .forEach(found -> {
                        ids.put(found.value1(), found.value2());
                        if (Objects.equals(found.value3(), options.importId())) {
                            ours.add(found.value1());
                        }
                    });
            // A file exported from Dossier names its interactions by their own ids: those are found too.
            var own = new HashMap<UUID, String>();
            for (var reference : references) {
                if (!ids.containsKey(reference) && reference.startsWith("id:")) {
                    try {
                        own.put(UUID.fromString(reference.substring(3)), reference);
                    } catch (IllegalArgumentException e) {
                        // An old system's own id.
                    }
                }
            }
            if (!own.isEmpty()) {
                db.select(INTERACTION.ID)
                        .from(INTERACTION)
                        .where(InLists.in(db, INTERACTION.ID, own.keySet()))
                        .and(INTERACTION.DELETED_AT.isNull())
                        .forEach(i -> {
                            ids.put(own.get(i.value1()), i.value1());
                            dossierIds.add(own.get(i.value1()));
                        });
            }
            var byId = new HashMap<UUID, Interaction>();
            repository.findAll(List.copyOf(new HashSet<>(ids.values()))).forEach(i -> byId.put(i.id(), i));
            var found = new HashMap<String, Interaction>();
            ids.forEach((ref, id) -> {
                var interaction = byId.get(id);
                if (interaction != null) {
                    found.put(ref, interaction);
                }
            });
            return found;
        }

        private Set<String> values(Field field) {
            var values = new HashSet<String>();
            for (var row : rows) {
                var value = text(row, field);
                if (value != null) {
                    values.add(value);
                }
            }
            return values;
        }

        /**
         * The row's customer, by reference, then phone, then email; only one the importer reaches. A phone or email
         * of a company's contact person names the company, and the contact person as the interaction's subject.
         */
        private CustomerImport.Named customer(
                Row row, Map<String, CustomerImport.Named> named, List<FieldProblem> problems) {
            var keys = new ArrayList<String>();
            var reference = text(row, Field.CUSTOMER_REFERENCE);
            var phone = text(row, Field.CUSTOMER_PHONE);
            var email = text(row, Field.CUSTOMER_EMAIL);
            if (reference != null) {
                keys.add("R" + reference);
            }
            if (phone != null) {
                keys.add("P" + phone);
            }
            if (email != null) {
                keys.add("E" + email);
            }
            if (keys.isEmpty()) {
                problems.add(new FieldProblem("", "import.interaction.customer.required"));
                return null;
            }
            for (var key : keys) {
                var found = named.get(key);
                if (found != null && reach.contains(found.customerId())) {
                    return found;
                }
            }
            var field = reference != null
                    ? Field.CUSTOMER_REFERENCE
                    : phone != null ? Field.CUSTOMER_PHONE : Field.CUSTOMER_EMAIL;
            problems.add(new FieldProblem(
                    field.name(),
                    "import.interaction.customer.unknown",
                    reference != null ? reference : phone != null ? phone : email));
            return null;
        }

        private InteractionDraft draft(Row row, CustomerImport.Named who, List<FieldProblem> problems) {
            OffsetDateTime startedAt = null;
            var started = text(row, Field.STARTED_AT);
            if (started == null) {
                problems.add(new FieldProblem(Field.STARTED_AT.name(), "field.required"));
            } else {
                startedAt = ImportDates.parseDateTime(started, formats.zone());
                if (startedAt == null) {
                    problems.add(new FieldProblem(Field.STARTED_AT.name(), "import.date-time.invalid", started));
                }
            }
            var content = text(row, Field.CONTENT);
            var summary = text(row, Field.SUMMARY);
            if (summary == null && content != null) {
                summary = firstLine(content);
            }
            if (summary == null) {
                problems.add(new FieldProblem(Field.SUMMARY.name(), "field.required"));
            }
            var owner = owner(row, problems);
            return new InteractionDraft(
                    who == null
                            ? null
                            : who.contactId() == null ? "customer:" + who.customerId() : "contact:" + who.contactId(),
                    choice(Channel.class, Field.CHANNEL, row, problems, Channel.OTHER),
                    choice(Direction.class, Field.DIRECTION, row, problems, Direction.OUTBOUND),
                    startedAt,
                    duration(row, problems),
                    summary,
                    content,
                    choice(Outcome.class, Field.OUTCOME, row, problems, Outcome.OTHER),
                    satisfaction(row, problems),
                    null,
                    owner,
                    List.of(),
                    List.of(),
                    null);
        }

        private <E extends Enum<E>> String choice(
                Class<E> type, Field field, Row row, List<FieldProblem> problems, E otherwise) {
            var value = text(row, field);
            if (value == null) {
                return otherwise.name();
            }
            var found = labels.get(type).get(labelKey(value));
            if (found == null) {
                problems.add(new FieldProblem(field.name(), "import.value.unknown", value));
                return otherwise.name();
            }
            return found.name();
        }

        private Integer duration(Row row, List<FieldProblem> problems) {
            var value = text(row, Field.DURATION);
            if (value == null) {
                return null;
            }
            var m = DURATION.matcher(
                    Normalizer.normalize(value, Normalizer.Form.NFKC).strip());
            if (!m.matches()) {
                problems.add(new FieldProblem(Field.DURATION.name(), "import.duration.invalid", value));
                return null;
            }
            if (m.group(4) != null) {
                return Integer.parseInt(m.group(4));
            }
            // h:mm, or h:mm:ss rounded up to the minute.
            int minutes = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
            return m.group(3) != null && Integer.parseInt(m.group(3)) > 0 ? minutes + 1 : minutes;
        }

        private Integer satisfaction(Row row, List<FieldProblem> problems) {
            var value = text(row, Field.SATISFACTION);
            if (value == null) {
                return null;
            }
            var digits = Normalizer.normalize(value, Normalizer.Form.NFKC).replaceAll("[\\s分星★]", "");
            try {
                return Integer.parseInt(digits.contains(".") ? digits.substring(0, digits.indexOf('.')) : digits);
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(Field.SATISFACTION.name(), "interaction.satisfaction.range"));
                return null;
            }
        }

        private UUID owner(Row row, List<FieldProblem> problems) {
            var named = text(row, Field.OWNER);
            if (named == null) {
                return me;
            }
            if (owners == null) {
                owners = users.activeUsersByName();
            }
            var user = owners.get(ImportText.normalised(named));
            if (user == null) {
                problems.add(new FieldProblem(Field.OWNER.name(), "import.owner.unknown", named));
                return me;
            }
            return user;
        }
    }

    /** Whether an overwrite would change nothing a person sees. */
    private static boolean same(Interaction a, Interaction b) {
        return a.channel() == b.channel()
                && a.direction() == b.direction()
                && a.startedAt().isEqual(b.startedAt())
                && Objects.equals(a.durationMinutes(), b.durationMinutes())
                && Objects.equals(a.summary(), b.summary())
                && Objects.equals(a.content(), b.content())
                && a.outcome() == b.outcome()
                && Objects.equals(a.satisfaction(), b.satisfaction())
                && a.ownerId().equals(b.ownerId());
    }

    /** How many interactions an undo of the import goes through. */
    @Transactional(readOnly = true)
    public long count(UUID importId) {
        return db.fetchCount(INTERACTION_IMPORT_EFFECT, INTERACTION_IMPORT_EFFECT.IMPORT_ID.eq(importId));
    }

    /**
     * Undoes the import for its next {@code limit} interactions after {@code after}: those it logged are deleted,
     * those it changed get their earlier values back; one changed since the import (its version is no longer the
     * one the import left), or that the undoer may not delete or edit, is kept and counted.
     */
    @Transactional
    public Step undo(UUID importId, UUID after, int limit) {
        access.require(Area.INTERACTIONS, Operation.IMPORT);
        var e = INTERACTION_IMPORT_EFFECT;
        var effects = db.selectFrom(e)
                .where(e.IMPORT_ID.eq(importId))
                .and(after == null ? org.jooq.impl.DSL.trueCondition() : e.INTERACTION_ID.gt(after))
                .orderBy(e.INTERACTION_ID)
                .limit(limit)
                .fetch();
        if (effects.isEmpty()) {
            return new Step(null, 0, 0);
        }
        var me = CurrentUser.get().id();
        var now = OffsetDateTime.now(clock);
        var byId = new HashMap<UUID, Interaction>();
        repository
                .findAll(effects.map(InteractionImportEffectRecord::getInteractionId))
                .forEach(i -> byId.put(i.id(), i));
        var deleted = new HashSet<>(db.select(INTERACTION.ID)
                .from(INTERACTION)
                .where(InLists.in(db, INTERACTION.ID, byId.keySet()))
                .and(INTERACTION.DELETED_AT.isNotNull())
                .fetch(INTERACTION.ID));
        var reached = customers.reachable(
                byId.values().stream().map(Interaction::customerId).toList());
        long undone = 0;
        long kept = 0;
        for (var effect : effects) {
            var current = byId.get(effect.getInteractionId());
            if (current == null
                    || deleted.contains(current.id())
                    || current.version() != effect.getVersionAfter()
                    || !reached.contains(current.customerId())) {
                kept++;
                continue;
            }
            if (effect.getCreated()) {
                if (!management.allows(current, Operation.DELETE)
                        || !repository.delete(current.id(), current.version(), now, me)) {
                    kept++;
                    continue;
                }
                rollups.changed(current, null);
                events.publishEvent(new InteractionDeleted(current.id(), current.customerId(), me));
            } else {
                var before = JSON.readValue(cipher.decrypt(BEFORE_COLUMN, effect.getBeforeValues()), Before.class);
                var restored = new Interaction(
                        current.id(),
                        current.customerId(),
                        current.subject(),
                        Channel.valueOf(before.channel()),
                        Direction.valueOf(before.direction()),
                        before.startedAt(),
                        before.durationMinutes(),
                        before.summary(),
                        before.content(),
                        Outcome.valueOf(before.outcome()),
                        before.satisfaction(),
                        current.followUpSucceeded(),
                        before.ownerId(),
                        before.teamId(),
                        current.taskId(),
                        current.participants(),
                        current.createdAt(),
                        current.createdBy(),
                        now,
                        current.version() + 1);
                if (!management.allows(current, Operation.EDIT)
                        || !repository.update(restored, current.version(), me)) {
                    kept++;
                    continue;
                }
                rollups.changed(current, restored);
                events.publishEvent(new InteractionChanged(current.id(), current.customerId(), me));
            }
            undone++;
        }
        return new Step(effects.getLast().getInteractionId(), undone, kept);
    }

    private static String text(Row row, Field field) {
        var value = row.values().get(field);
        if (value == null) {
            return null;
        }
        var stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** The first line of a text, cut to fit a summary. */
    private static String firstLine(String text) {
        var line = text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(text.strip());
        return line.length() <= InteractionManagement.SUMMARY_MAX
                ? line
                : line.substring(0, InteractionManagement.SUMMARY_MAX - 1) + "…";
    }

    private static long key(String reference) {
        long h = 1125899906842597L;
        for (int i = 0; i < reference.length(); i++) {
            h = 31 * h + reference.charAt(i);
        }
        return h == 0 ? 1 : h;
    }

    private static String labelKey(String text) {
        return ImportText.labelKey(text);
    }

    private static <E extends Enum<E>> Map<String, Enum<?>> labelsOf(
            Class<E> type, MessageSource messages, Map<E, List<String>> aliases) {
        return Map.copyOf(ImportText.labels(
                type,
                (constant, locale) -> messages.getMessage(
                        "interaction." + type.getSimpleName().toLowerCase(Locale.ROOT) + "." + constant.name(),
                        null,
                        null,
                        locale),
                aliases));
    }
}
