package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE_TERM;

import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.NoteTermRecord;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The vocabulary administrators keep: standard terms, their category, and the words to avoid in their favour. Notes
 * are checked against it when saved; writers are offered the terms while they type.
 */
@Service
class StandardTerms {

    /**
     * A standard term.
     *
     * @param id id
     * @param term the word to use
     * @param category what it is about, e.g. intent, stage
     * @param synonyms words to avoid in its favour
     * @param version version
     */
    record StandardTerm(UUID id, String term, String category, List<String> synonyms, int version) {}

    /**
     * A term as typed or sent.
     *
     * @param term the word to use
     * @param category its category
     * @param synonyms words to avoid, each once
     */
    record TermDraft(
            @NotNull @Size(max = 100) String term,
            @Size(max = 100) String category,
            List<String> synonyms) {

        TermDraft {
            term = Inputs.trim(term);
            category = Inputs.trim(category);
            synonyms = synonyms == null
                    ? List.of()
                    : synonyms.stream()
                            .map(Inputs::trim)
                            .filter(Objects::nonNull)
                            .distinct()
                            .toList();
        }
    }

    private final DSLContext db;
    private final Clock clock;

    StandardTerms(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<StandardTerm> list() {
        return db.selectFrom(NOTE_TERM)
                .where(NOTE_TERM.DELETED_AT.isNull())
                .orderBy(NOTE_TERM.CATEGORY, NOTE_TERM.TERM, NOTE_TERM.ID)
                .fetch(StandardTerms::toTerm);
    }

    @Transactional(readOnly = true)
    StandardTerm get(UUID id) {
        return db.selectFrom(NOTE_TERM)
                .where(NOTE_TERM.ID.eq(id))
                .and(NOTE_TERM.DELETED_AT.isNull())
                .fetchOptional(StandardTerms::toTerm)
                .orElseThrow(() -> new NotFoundException("term"));
    }

    /** The matcher for the vocabulary as it is now. */
    @Transactional(readOnly = true)
    TermMatcher matcher() {
        return new TermMatcher(list().stream()
                .map(t -> new TermMatcher.Term(t.term(), t.synonyms()))
                .toList());
    }

    /** Terms whose word or synonyms contain what was typed, standard terms first; at most {@code limit}. */
    @Transactional(readOnly = true)
    List<StandardTerm> suggest(String typed, int limit) {
        var q = Inputs.trim(typed);
        if (q == null) {
            return List.of();
        }
        var lower = q.toLowerCase(Locale.ROOT);
        return list().stream()
                .filter(t -> t.term().toLowerCase(Locale.ROOT).contains(lower)
                        || t.synonyms().stream()
                                .anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(lower)))
                .sorted((a, b) -> Boolean.compare(
                        !a.term().toLowerCase(Locale.ROOT).contains(lower),
                        !b.term().toLowerCase(Locale.ROOT).contains(lower)))
                .limit(limit)
                .toList();
    }

    @Transactional
    StandardTerm create(TermDraft draft) {
        var clean = check(draft, null);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var id = UUID.randomUUID();
        db.insertInto(NOTE_TERM)
                .set(NOTE_TERM.ID, id)
                .set(NOTE_TERM.TERM, clean.term())
                .set(NOTE_TERM.CATEGORY, clean.category())
                .set(NOTE_TERM.SYNONYMS, String.join("\n", clean.synonyms()))
                .set(Stamps.created(NOTE_TERM, by, now))
                .execute();
        return get(id);
    }

    @Transactional
    StandardTerm update(UUID id, int version, TermDraft draft) {
        get(id);
        var clean = check(draft, id);
        var now = OffsetDateTime.now(clock);
        int updated = db.update(NOTE_TERM)
                .set(NOTE_TERM.TERM, clean.term())
                .set(NOTE_TERM.CATEGORY, clean.category())
                .set(NOTE_TERM.SYNONYMS, String.join("\n", clean.synonyms()))
                .set(Stamps.changed(NOTE_TERM, CurrentUser.actor().userId(), now))
                .where(NOTE_TERM.ID.eq(id))
                .and(NOTE_TERM.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Term", get(id).version());
        }
        return get(id);
    }

    @Transactional
    void delete(UUID id) {
        get(id);
        var now = OffsetDateTime.now(clock);
        db.update(NOTE_TERM)
                .set(NOTE_TERM.DELETED_AT, now)
                .set(Stamps.changed(NOTE_TERM, CurrentUser.actor().userId(), now))
                .where(NOTE_TERM.ID.eq(id))
                .execute();
    }

    /** Splits typed synonyms: one a line, or separated by commas (either kind). */
    static List<String> split(String typed) {
        if (typed == null) {
            return List.of();
        }
        return Arrays.stream(typed.split("[\\n,，、;；]"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }

    private TermDraft check(TermDraft draft, UUID self) {
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        var term = draft.term();
        var synonyms = draft.synonyms();
        if (synonyms.stream().anyMatch(s -> s.length() > 100)
                || String.join("\n", synonyms).length() > 2000) {
            problems.add(new FieldProblem("synonyms", "field.too-long", 100));
        }
        if (term != null && synonyms.stream().anyMatch(s -> s.equalsIgnoreCase(term))) {
            problems.add(new FieldProblem("synonyms", "term.synonym.is-term"));
        }
        if (term != null
                && db.fetchExists(
                        NOTE_TERM,
                        NOTE_TERM
                                .TERM
                                .eq(term)
                                .and(NOTE_TERM.DELETED_AT.isNull())
                                .and(self == null ? NOTE_TERM.ID.isNotNull() : NOTE_TERM.ID.ne(self)))) {
            problems.add(new FieldProblem("term", "term.exists"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return draft;
    }

    private static StandardTerm toTerm(NoteTermRecord r) {
        var synonyms = r.getSynonyms() == null
                ? List.<String>of()
                : Arrays.stream(r.getSynonyms().split("\n"))
                        .filter(s -> !s.isBlank())
                        .toList();
        return new StandardTerm(r.getId(), r.getTerm(), r.getCategory(), synonyms, r.getVersion());
    }
}
