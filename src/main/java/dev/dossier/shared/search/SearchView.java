package dev.dossier.shared.search;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A record as the current user sees it in search results.
 *
 * @param id the record's id
 * @param title its title as shown
 * @param text the text the user may see (plain); the matching words are marked in it
 * @param keywords keywords of what the user may see (a number, pinyin of a name), matched but not shown, or null
 * @param context where it belongs, e.g. the customer's name, or null
 * @param link the page that shows it
 * @param at when it happened or was last changed, or null
 */
public record SearchView(
        UUID id, String title, String text, String keywords, String context, String link, OffsetDateTime at) {}
