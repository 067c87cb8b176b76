package dev.dossier.exchange;

import static dev.dossier.db.Tables.IMPORT_CHUNK;
import static dev.dossier.db.Tables.IMPORT_PROBLEM;

import dev.dossier.keys.EncryptedColumn;
import dev.dossier.keys.EncryptedData;
import java.util.List;
import org.springframework.stereotype.Component;

/** The encrypted columns of imports: the files while kept, and the cells and problem details of rejected rows. */
@Component
class ImportCrypto implements EncryptedData {

    @Override
    public List<EncryptedColumn> columns() {
        return List.of(
                EncryptedColumn.always(
                        ImportFiles.CHUNK_COLUMN,
                        IMPORT_CHUNK,
                        List.of(IMPORT_CHUNK.IMPORT_ID, IMPORT_CHUNK.SEQ),
                        IMPORT_CHUNK.DATA),
                EncryptedColumn.always(
                        Imports.ROW_COLUMN,
                        IMPORT_PROBLEM,
                        List.of(
                                IMPORT_PROBLEM.IMPORT_ID,
                                IMPORT_PROBLEM.PHASE,
                                IMPORT_PROBLEM.LINE,
                                IMPORT_PROBLEM.POSITION),
                        IMPORT_PROBLEM.ROW_VALUES),
                EncryptedColumn.always(
                        Imports.ARGS_COLUMN,
                        IMPORT_PROBLEM,
                        List.of(
                                IMPORT_PROBLEM.IMPORT_ID,
                                IMPORT_PROBLEM.PHASE,
                                IMPORT_PROBLEM.LINE,
                                IMPORT_PROBLEM.POSITION),
                        IMPORT_PROBLEM.ARGS));
    }
}
