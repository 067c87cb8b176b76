package dev.dossier.feedback.hooks;

import static dev.dossier.db.Tables.INBOUND_HOOK;
import static dev.dossier.db.Tables.WEBHOOK_ENDPOINT;

import dev.dossier.keys.EncryptedColumn;
import dev.dossier.keys.EncryptedData;
import java.util.List;
import org.springframework.stereotype.Component;

/** The webhook signing secrets, encrypted, for key rotation. */
@Component
class HooksCrypto implements EncryptedData {

    static final String ENDPOINT_SECRET = "webhook_endpoint.secret";
    static final String INBOUND_SECRET = "inbound_hook.secret";

    @Override
    public List<EncryptedColumn> columns() {
        return List.of(
                EncryptedColumn.always(
                        ENDPOINT_SECRET, WEBHOOK_ENDPOINT, List.of(WEBHOOK_ENDPOINT.ID), WEBHOOK_ENDPOINT.SECRET),
                EncryptedColumn.always(INBOUND_SECRET, INBOUND_HOOK, List.of(INBOUND_HOOK.ID), INBOUND_HOOK.SECRET));
    }
}
