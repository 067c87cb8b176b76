package dev.dossier.exchange;

import static dev.dossier.db.Tables.IMPORT_JOB;
import static dev.dossier.db.Tables.IMPORT_PROBLEM;

import dev.dossier.customers.CustomerImport.OnDuplicate;
import dev.dossier.customers.CustomerImport.OwnerRule;
import dev.dossier.db.tables.records.ImportJobRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports of customers from files, as their owner drives them: upload (the file stored, its encoding and columns
 * told, every row read once so that a malformed file is refused at once), the columns mapped and the settings chosen,
 * a preview that judges every row without writing, then the run in the background ({@link ImportRunner}); a
 * preview or a run can be cancelled. An import is seen by the person who made it and by administrators.
 */
@Service
class Imports {

    /** Where an import stands. */
    enum State {
        UPLOADED,
        PREVIEWING,
        PREVIEWED,
        QUEUED,
        RUNNING,
        DONE,
        FAILED,
        CANCELLED,
        UNDOING,
        UNDONE;

        boolean editable() {
            return this == UPLOADED || this == PREVIEWED;
        }

        boolean working() {
            return this == PREVIEWING || this == QUEUED || this == RUNNING || this == UNDOING;
        }
    }

    /** What the background job does with an import's rows. */
    enum Phase {
        PREVIEW,
        RUN,
        UNDO
    }

    /**
     * How an import treats its rows, as chosen in the wizard.
     *
     * @param mapping the field of each column (by its index): a field of the import's kind
     * @param onDuplicate rows that match a customer already there
     * @param ownerRule the owner of customers whose row names none
     * @param ownerId the owner for {@link OwnerRule#USER}
     * @param teamId the team for {@link OwnerRule#ROUND_ROBIN}
     */
    record Settings(
            Map<Integer, String> mapping, OnDuplicate onDuplicate, OwnerRule ownerRule, UUID ownerId, UUID teamId) {}

    /**
     * A problem of a row, as stored.
     *
     * @param line the row number in the file
     * @param field the file's field or empty for the row
     * @param code the message key
     * @param args its arguments
     * @param cells the row's cells, or null
     */
    record Problem(long line, String field, String code, List<String> args, List<String> cells) {}

    static final String ROW_COLUMN = "import_problem.row_values";
    static final String ARGS_COLUMN = "import_problem.args";

    private final DSLContext db;
    private final ImportFiles files;
    private final Access access;
    private final UserDirectory users;
    private final TransactionTemplate transactions;
    private final ImportRunner runner;
    private final FieldCipher cipher;
    private final Clock clock;
    private final long maxBytes;
    private final Map<ImportKind, Map<String, String>> labels = new java.util.EnumMap<>(ImportKind.class);
    private final ImportRows rows;
    private final ImportTemplates templates;

    Imports(
            DSLContext db,
            ImportFiles files,
            Access access,
            UserDirectory users,
            TransactionTemplate transactions,
            ImportRunner runner,
            FieldCipher cipher,
            Clock clock,
            @Value("${dossier.imports.max-file-bytes:536870912}") long maxBytes,
            org.springframework.context.MessageSource messages,
            ImportRows rows,
            ImportTemplates templates) {
        this.rows = rows;
        this.templates = templates;
        for (var kind : ImportKind.values()) {
            labels.put(kind, ColumnMapping.labels(kind, (key, locale) -> messages.getMessage(key, null, null, locale)));
        }
        this.db = db;
        this.files = files;
        this.access = access;
        this.users = users;
        this.transactions = transactions;
        this.runner = runner;
        this.cipher = cipher;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * Stores an uploaded file as a new import of the kind, with the columns guessed from its headers.
     *
     * @throws ValidationException when the file is empty, too large, malformed, mixes encodings or has no rows
     */
    ImportJobRecord upload(ImportKind kind, String fileName, InputStream in) throws IOException {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        access.require(kind.area(), Operation.IMPORT);
        var me = CurrentUser.get();
        var id = UUID.randomUUID();
        var now = OffsetDateTime.now(clock);
        var name = cleanName(fileName);
        var job = db.newRecord(IMPORT_JOB);
        job.setId(id);
        job.setKind(kind.name());
        job.setFileName(name);
        job.setFileSize(0L);
        job.setFileHash("");
        job.setFormat(ImportFiles.Format.CSV.name());
        job.setEncoding("UTF-8");
        job.setDelimiter(",");
        job.setHeaders("");
        job.setMapping("");
        job.setOnDuplicate(OnDuplicate.SKIP.name());
        job.setOwnerRule(OwnerRule.IMPORTER.name());
        job.setState("UPLOADING");
        reset(job, State.UPLOADED, Phase.PREVIEW);
        job.setState("UPLOADING");
        job.setRowsTotal(0L);
        job.setCreatedAt(now);
        job.setUpdatedAt(now);
        job.setCreatedBy(me.id());
        job.setUpdatedBy(me.id());
        job.setVersion(0);
        transactions.executeWithoutResult(s -> job.insert());
        try {
            var stored = transactions.execute(s -> {
                try {
                    return files.store(id, in, maxBytes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            char delimiter = stored.delimiter();
            List<String> headers;
            long rows = 0;
            try (var table = files.table(id, stored.format(), stored.encoding(), delimiter)) {
                headers = table.headers();
                if (headers.stream().allMatch(String::isBlank)) {
                    throw new ValidationException(List.of(new FieldProblem("file", "import.file.no-header")));
                }
                while (table.hasNext()) {
                    table.next();
                    rows++;
                }
            }
            if (rows == 0) {
                throw new ValidationException(List.of(new FieldProblem("file", "import.file.no-rows")));
            }
            var shown = new ArrayList<String>();
            for (int i = 0; i < headers.size(); i++) {
                shown.add(headers.get(i).replaceAll("[\\p{Cntrl}]", " ").strip());
            }
            job.setFileSize(stored.size());
            job.setFileHash(stored.sha256());
            job.setFormat(stored.format().name());
            job.setEncoding(stored.encoding());
            job.setDelimiter(String.valueOf(delimiter));
            job.setHeaders(String.join("\u001f", shown));
            job.setMapping(ColumnMapping.text(mapping(kind, shown)));
            job.setRowsTotal(rows);
            job.setState(State.UPLOADED.name());
            transactions.executeWithoutResult(s -> job.update());
            return job;
        } catch (RuntimeException e) {
            transactions.executeWithoutResult(
                    s -> db.deleteFrom(IMPORT_JOB).where(IMPORT_JOB.ID.eq(id)).execute());
            if (e instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    /** The guessed fields of the headers, with those of the newest template that fits the file over them. */
    private Map<Integer, String> mapping(ImportKind kind, List<String> headers) {
        var guessed = ColumnMapping.suggest(kind, headers, labels.get(kind));
        var template = templates.fitting(kind, headers);
        if (template.isEmpty()) {
            return guessed;
        }
        var mapping = new java.util.TreeMap<>(ImportTemplates.apply(template.get(), headers));
        guessed.forEach((column, field) -> {
            if (!mapping.containsKey(column) && !mapping.containsValue(field)) {
                mapping.put(column, field);
            }
        });
        return mapping;
    }

    /** Maps an import's columns by a saved template; a preview made before is out of date. */
    ImportJobRecord applyTemplate(UUID id, int version, UUID templateId) {
        var job = editable(id, version);
        var template = templates.get(templateId);
        if (!template.kind().equals(job.getKind())) {
            throw new ValidationException(List.of(new FieldProblem("templateId", "import.template.other-kind")));
        }
        job.setMapping(ColumnMapping.text(new java.util.TreeMap<>(ImportTemplates.apply(template, headers(job)))));
        job.setState(State.UPLOADED.name());
        return save(job);
    }

    private static String cleanName(String fileName) {
        var name =
                fileName == null ? "" : fileName.replaceAll("[\\p{Cntrl}]", "").strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        if (name.isEmpty()) {
            name = "import.csv";
        }
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }

    /** An import the current user may see: their own, or any for an administrator. */
    ImportJobRecord get(UUID id) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        return db.selectFrom(IMPORT_JOB)
                .where(IMPORT_JOB.ID.eq(id))
                .and(visible())
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("Import"));
    }

    /** The imports the current user may see, newest first. */
    List<ImportJobRecord> list(int limit) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        return db.selectFrom(IMPORT_JOB)
                .where(visible())
                .and(IMPORT_JOB.STATE.ne("UPLOADING"))
                .orderBy(IMPORT_JOB.CREATED_AT.desc(), IMPORT_JOB.ID.desc())
                .limit(limit)
                .fetch();
    }

    private Condition visible() {
        return access.allows(Area.SYSTEM, Operation.READ)
                ? org.jooq.impl.DSL.trueCondition()
                : IMPORT_JOB.CREATED_BY.eq(CurrentUser.get().id());
    }

    /** Changes the mapping and settings of an import not yet run; a preview made before is out of date. */
    ImportJobRecord configure(UUID id, int version, Settings settings) {
        var job = editable(id, version);
        var headers = headers(job);
        var kind = ImportKind.of(job.getKind());
        var problems = new ArrayList<FieldProblem>();
        var seen = new java.util.HashSet<String>();
        settings.mapping().forEach((column, field) -> {
            if (column < 0 || column >= headers.size()) {
                problems.add(new FieldProblem("mapping", "import.mapping.no-such-column", column + 1));
            } else if (!kind.fields().contains(field)) {
                problems.add(new FieldProblem("mapping[" + column + "]", "field.unknown-option"));
            } else if (!seen.add(field)) {
                problems.add(new FieldProblem("mapping[" + column + "]", "import.mapping.twice", field));
            }
        });
        if (kind == ImportKind.CUSTOMERS
                && !seen.contains("NAME")
                && !seen.contains("COMPANY")
                && !seen.contains("CONTACT_NAME")) {
            problems.add(new FieldProblem("mapping", "import.mapping.needs-name"));
        }
        if (kind == ImportKind.INTERACTIONS) {
            if (!seen.contains("CUSTOMER_REFERENCE")
                    && !seen.contains("CUSTOMER_PHONE")
                    && !seen.contains("CUSTOMER_EMAIL")) {
                problems.add(new FieldProblem("mapping", "import.mapping.needs-customer"));
            }
            if (!seen.contains("STARTED_AT")) {
                problems.add(new FieldProblem("mapping", "import.mapping.needs-time"));
            }
            if (!seen.contains("SUMMARY") && !seen.contains("CONTENT")) {
                problems.add(new FieldProblem("mapping", "import.mapping.needs-summary"));
            }
        }
        if (settings.onDuplicate() == null) {
            problems.add(new FieldProblem("onDuplicate", "field.required"));
        } else if (kind == ImportKind.INTERACTIONS && settings.onDuplicate() == OnDuplicate.FILL_BLANKS) {
            problems.add(new FieldProblem("onDuplicate", "field.unknown-option"));
        }
        if (kind == ImportKind.INTERACTIONS) {
            // Interactions belong to the row's owner column or to the person importing.
        } else if (settings.ownerRule() == null) {
            problems.add(new FieldProblem("ownerRule", "field.required"));
        } else if (settings.ownerRule() == OwnerRule.USER
                && (settings.ownerId() == null
                        || users.user(settings.ownerId())
                                .filter(u -> u.enabled())
                                .isEmpty())) {
            problems.add(new FieldProblem("ownerId", "import.owner.unknown", ""));
        } else if (settings.ownerRule() == OwnerRule.ROUND_ROBIN
                && (settings.teamId() == null || users.team(settings.teamId()).isEmpty())) {
            problems.add(new FieldProblem("teamId", "customer.team.unknown"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        job.setMapping(ColumnMapping.text(new java.util.TreeMap<>(settings.mapping())));
        job.setOnDuplicate(settings.onDuplicate().name());
        var rule = kind == ImportKind.INTERACTIONS || settings.ownerRule() == null
                ? OwnerRule.IMPORTER
                : settings.ownerRule();
        job.setOwnerRule(rule.name());
        job.setOwnerId(rule == OwnerRule.USER ? settings.ownerId() : null);
        job.setTeamId(rule == OwnerRule.ROUND_ROBIN ? settings.teamId() : null);
        job.setState(State.UPLOADED.name());
        return save(job);
    }

    /** Judges every row without writing, in the background. */
    ImportJobRecord preview(UUID id, int version) {
        return queue(id, version, State.PREVIEWING, Phase.PREVIEW);
    }

    /** Starts the import in the background. */
    ImportJobRecord start(UUID id, int version) {
        return queue(id, version, State.QUEUED, Phase.RUN);
    }

    private ImportJobRecord queue(UUID id, int version, State state, Phase phase) {
        var job = editable(id, version);
        access.require(ImportKind.of(job.getKind()).area(), Operation.IMPORT);
        return transactions.execute(s -> {
            db.deleteFrom(IMPORT_PROBLEM).where(IMPORT_PROBLEM.IMPORT_ID.eq(id)).execute();
            reset(job, state, phase);
            var saved = save(job);
            runner.schedule(id);
            return saved;
        });
    }

    /**
     * Undoes an import that ran, in the background: the customers it created go to the trash, those it changed get
     * their earlier values back, unless someone changed them since (those are kept and counted).
     */
    ImportJobRecord undo(UUID id, int version) {
        var job = get(id);
        checkVersion(job, version);
        var state = State.valueOf(job.getState());
        var phase = Phase.valueOf(job.getPhase());
        boolean ran = phase == Phase.RUN && (state == State.DONE || state == State.FAILED || state == State.CANCELLED);
        boolean undoFailed = phase == Phase.UNDO && state == State.FAILED;
        if (!ran && !undoFailed) {
            throw new ValidationException(List.of(new FieldProblem("state", "import.state.not-undoable")));
        }
        return transactions.execute(s -> {
            job.setState(State.UNDOING.name());
            job.setPhase(Phase.UNDO.name());
            job.setUndoTotal(rows.undoCount(job));
            job.setUndoneCount(0L);
            job.setKeptCount(0L);
            job.setRowsDone(0L);
            job.setStartedAt(null);
            job.setFinishedAt(null);
            job.setError(null);
            var saved = save(job);
            runner.schedule(id);
            return saved;
        });
    }

    /** Stops a preview or a run; rows a run committed stay, the rest are not imported. */
    ImportJobRecord cancel(UUID id, int version) {
        var job = get(id);
        checkVersion(job, version);
        var state = State.valueOf(job.getState());
        if (!state.working() || state == State.UNDOING) {
            throw new ValidationException(List.of(new FieldProblem("state", "import.state.not-running")));
        }
        job.setState(Phase.valueOf(job.getPhase()) == Phase.PREVIEW ? State.UPLOADED.name() : State.CANCELLED.name());
        job.setFinishedAt(OffsetDateTime.now(clock));
        var saved = save(job);
        if (Phase.valueOf(job.getPhase()) == Phase.RUN) {
            runner.finished(saved);
        }
        return saved;
    }

    /** The problems of an import's last preview or run, in row order. */
    List<Problem> problems(ImportJobRecord job, long afterLine, int limit) {
        return db.selectFrom(IMPORT_PROBLEM)
                .where(IMPORT_PROBLEM.IMPORT_ID.eq(job.getId()))
                .and(IMPORT_PROBLEM.PHASE.eq(job.getPhase()))
                .and(IMPORT_PROBLEM.LINE.gt(afterLine))
                .orderBy(IMPORT_PROBLEM.LINE, IMPORT_PROBLEM.POSITION)
                .limit(limit)
                .fetch(p -> new Problem(
                        p.getLine(),
                        p.getField(),
                        p.getCode(),
                        p.getArgs() == null
                                ? List.of()
                                : List.of(
                                        cipher.decrypt(ARGS_COLUMN, p.getArgs()).split("\u001f", -1)),
                        p.getRowValues() == null
                                ? null
                                : List.of(cipher.decrypt(ROW_COLUMN, p.getRowValues())
                                        .split("\u001f", -1))));
    }

    static List<String> headers(ImportJobRecord job) {
        return job.getHeaders().isEmpty() ? List.of() : List.of(job.getHeaders().split("\u001f", -1));
    }

    /** Time left for a working import, from its pace so far; null when it cannot be told yet. */
    Duration timeLeft(ImportJobRecord job) {
        if (!State.valueOf(job.getState()).working() || job.getStartedAt() == null || job.getRowsDone() == 0) {
            return null;
        }
        var spent = Duration.between(job.getStartedAt(), OffsetDateTime.now(clock));
        long total = Phase.valueOf(job.getPhase()) == Phase.UNDO ? job.getUndoTotal() : job.getRowsTotal();
        long left = total - job.getRowsDone();
        return Duration.ofMillis(Math.max(0, spent.toMillis() * left / job.getRowsDone()));
    }

    private ImportJobRecord editable(UUID id, int version) {
        var job = get(id);
        checkVersion(job, version);
        if (!State.valueOf(job.getState()).editable()) {
            throw new ValidationException(List.of(new FieldProblem("state", "import.state.not-editable")));
        }
        return job;
    }

    private static void checkVersion(ImportJobRecord job, int version) {
        if (job.getVersion() != version) {
            throw new StaleVersionException("Import", job.getVersion());
        }
    }

    private void reset(ImportJobRecord job, State state, Phase phase) {
        job.setState(state.name());
        job.setPhase(phase.name());
        job.setRowsDone(0L);
        job.setCreatedCount(0L);
        job.setUpdatedCount(0L);
        job.setUnchangedCount(0L);
        job.setSkippedCount(0L);
        job.setInvalidCount(0L);
        job.setDuplicateCount(0L);
        job.setUndoTotal(0L);
        job.setUndoneCount(0L);
        job.setKeptCount(0L);
        job.setStartedAt(null);
        job.setFinishedAt(null);
        job.setError(null);
    }

    /** Saves a changed import if nobody changed it since it was read. */
    private ImportJobRecord save(ImportJobRecord job) {
        int expected = job.getVersion();
        job.setVersion(expected + 1);
        job.setUpdatedAt(OffsetDateTime.now(clock));
        job.setUpdatedBy(CurrentUser.get().id());
        int updated = db.update(IMPORT_JOB)
                .set(job)
                .where(IMPORT_JOB.ID.eq(job.getId()))
                .and(IMPORT_JOB.VERSION.eq(expected))
                // The background job moves the state on without a version: a change made meanwhile is stale too.
                .and(IMPORT_JOB.STATE.eq(job.original(IMPORT_JOB.STATE)))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Import", expected);
        }
        job.changed(false);
        return job;
    }
}
