package dev.dossier.shared.search;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A record as the full-text index keeps it.
 *
 * @param id the record's id
 * @param key the key it is stored under (its id, or its customer's id for records kept per customer)
 * @param customerId the customer it is about, or null
 * @param title its title or name, weighed above the text
 * @param text its free text (plain, no markup)
 * @param keywords words found as they are written: numbers like {@code C-000123}, codes, pinyin of names
 * @param at when it happened or was last changed
 * @param reach who may find it, as {@link SearchSource#reach()} names readers ({@code owner:…}, {@code team:…},
 *     {@code customer:…}); null for a record every reader of its kind sees
 */
public record SearchDocument(
        UUID id,
        UUID key,
        UUID customerId,
        String title,
        String text,
        String keywords,
        OffsetDateTime at,
        java.util.List<String> reach) {}
