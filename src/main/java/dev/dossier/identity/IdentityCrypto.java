package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;

import dev.dossier.keys.EncryptedColumn;
import dev.dossier.keys.EncryptedData;
import java.util.List;
import org.springframework.stereotype.Component;

/** The identity module's encrypted values, for key rotation: users' second-factor secrets. */
@Component
class IdentityCrypto implements EncryptedData {

    @Override
    public List<EncryptedColumn> columns() {
        return List.of(EncryptedColumn.always(
                SecondFactors.SECRET_COLUMN, APP_USER, List.of(APP_USER.ID), APP_USER.TOTP_SECRET));
    }
}
