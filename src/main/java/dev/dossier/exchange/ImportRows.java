package dev.dossier.exchange;

import dev.dossier.customers.CustomerImport;
import dev.dossier.customers.CustomerImport.Match;
import dev.dossier.customers.CustomerImport.OnDuplicate;
import dev.dossier.customers.CustomerImport.OwnerRule;
import dev.dossier.customers.ImportUndo;
import dev.dossier.db.tables.records.ImportJobRecord;
import dev.dossier.interactions.InteractionImport;
import dev.dossier.keys.BlindIndex;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.SpreadsheetText;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.springframework.stereotype.Component;

/**
 * The rows of an import handed to the module that takes them (customers or interactions), and what became of each
 * told back the same way whatever the kind: the runner, the counters and the problem report need no more.
 */
@Component
class ImportRows {

    /**
     * What became of a row.
     *
     * @param line its row number
     * @param result CREATED, UPDATED, UNCHANGED, SKIPPED or INVALID
     * @param duplicate whether it was found to be a record already there (not merely by its own reference)
     * @param problems what is wrong with it, by field
     */
    record RowOutcome(long line, String result, boolean duplicate, List<FieldProblem> problems) {

        static RowOutcome failed(long line) {
            return new RowOutcome(line, "INVALID", false, List.of(new FieldProblem("", "import.row.failed")));
        }
    }

    /**
     * One batch of an undo.
     *
     * @param last the last record of the batch, to go on after; null when there was nothing left
     * @param undone records put back
     * @param kept records kept as they are
     */
    record UndoStep(UUID last, long undone, long kept) {}

    private final CustomerImport customers;
    private final InteractionImport interactions;
    private final ImportUndo customerUndo;
    private final BlindIndex blindIndex;

    ImportRows(
            CustomerImport customers, InteractionImport interactions, ImportUndo customerUndo, BlindIndex blindIndex) {
        this.customers = customers;
        this.interactions = interactions;
        this.customerUndo = customerUndo;
        this.blindIndex = blindIndex;
    }

    /** Judges rows without writing. */
    List<RowOutcome> check(ImportJobRecord job, List<ImportFiles.SourceRow> rows, LongPredicate seen) {
        return run(job, rows, false, seen);
    }

    /** Writes rows, in the caller's transaction. */
    List<RowOutcome> apply(ImportJobRecord job, List<ImportFiles.SourceRow> rows) {
        return run(job, rows, true, key -> true);
    }

    private List<RowOutcome> run(
            ImportJobRecord job, List<ImportFiles.SourceRow> source, boolean write, LongPredicate seen) {
        var mapping = ColumnMapping.parse(job.getMapping());
        var onDuplicate = OnDuplicate.valueOf(job.getOnDuplicate());
        return switch (ImportKind.of(job.getKind())) {
            case CUSTOMERS -> {
                var options = new CustomerImport.Options(
                        job.getId(),
                        onDuplicate,
                        OwnerRule.valueOf(job.getOwnerRule()),
                        job.getOwnerId(),
                        job.getTeamId());
                var rows = source.stream()
                        .map(r -> {
                            var cells = cells(r, mapping);
                            var values = new EnumMap<CustomerImport.Field, String>(CustomerImport.Field.class);
                            cells.forEach((f, v) -> values.put(CustomerImport.Field.valueOf(f), v));
                            return new CustomerImport.Row(r.line(), reference(ImportKind.CUSTOMERS, cells), values);
                        })
                        .toList();
                var outcomes = write ? customers.apply(rows, options) : customers.check(rows, options, seen);
                yield outcomes.stream()
                        .map(o -> new RowOutcome(
                                o.line(),
                                o.result().name(),
                                o.match() != Match.NONE && o.match() != Match.REFERENCE,
                                o.problems()))
                        .toList();
            }
            case INTERACTIONS -> {
                var options = new InteractionImport.Options(job.getId(), onDuplicate == OnDuplicate.OVERWRITE);
                var rows = source.stream()
                        .map(r -> {
                            var cells = cells(r, mapping);
                            var values = new EnumMap<InteractionImport.Field, String>(InteractionImport.Field.class);
                            cells.forEach((f, v) -> values.put(InteractionImport.Field.valueOf(f), v));
                            return new InteractionImport.Row(
                                    r.line(), reference(ImportKind.INTERACTIONS, cells), values);
                        })
                        .toList();
                var outcomes = write ? interactions.apply(rows, options) : interactions.check(rows, options, seen);
                yield outcomes.stream()
                        .map(o -> new RowOutcome(o.line(), o.result().name(), false, o.problems()))
                        .toList();
            }
        };
    }

    /** How many records an undo of the import goes through. */
    long undoCount(ImportJobRecord job) {
        return switch (ImportKind.of(job.getKind())) {
            case CUSTOMERS -> customerUndo.count(job.getId());
            case INTERACTIONS -> interactions.count(job.getId());
        };
    }

    /** Undoes the import for its next records, in the caller's transaction. */
    UndoStep undo(ImportJobRecord job, UUID after, int limit) {
        return switch (ImportKind.of(job.getKind())) {
            case CUSTOMERS -> {
                var step = customerUndo.undo(job.getId(), after, limit);
                yield new UndoStep(step.last(), step.undone(), step.kept());
            }
            case INTERACTIONS -> {
                var step = interactions.undo(job.getId(), after, limit);
                yield new UndoStep(step.last(), step.undone(), step.kept());
            }
        };
    }

    /** A file's row as cells by field name; blank cells left out. */
    static Map<String, String> cells(ImportFiles.SourceRow source, Map<Integer, String> mapping) {
        var values = new LinkedHashMap<String, String>();
        mapping.forEach((column, field) -> {
            if (column < source.cells().size()) {
                var cell = SpreadsheetText.read(source.cells().get(column));
                if (cell != null && !cell.isBlank()) {
                    values.put(field, cell);
                }
            }
        });
        return values;
    }

    /**
     * The key of a row: its id in the old system when the file has one, else a keyed digest of what the row says
     * (a blind index: the row's phones and names cannot be guessed back from it), so that importing the same file
     * again finds the same records.
     */
    String reference(ImportKind kind, Map<String, String> values) {
        var id = values.get("REFERENCE");
        if (id != null && !id.isBlank()) {
            var ref = "id:" + id.strip();
            return ref.length() <= 100 ? ref : "id#" + digest(ref);
        }
        var text = new StringBuilder();
        for (var field : kind.fields()) {
            var value = values.get(field);
            if (value != null) {
                text.append(field).append('=').append(value.strip()).append('\u001f');
            }
        }
        return "row:" + digest(text.toString());
    }

    private String digest(String text) {
        return blindIndex.of("import-row", text, 20);
    }
}
