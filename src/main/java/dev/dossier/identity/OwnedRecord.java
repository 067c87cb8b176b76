package dev.dossier.identity;

import java.util.UUID;

/**
 * What the access engine needs to know about one record to decide whether someone reaches it.
 *
 * @param type the kind of record, as in {@code record_share.record_type}, e.g. {@code customer}
 * @param id the record
 * @param ownerId its owner, or null
 * @param teamId its team, or null
 */
public record OwnedRecord(String type, UUID id, UUID ownerId, UUID teamId) {}
