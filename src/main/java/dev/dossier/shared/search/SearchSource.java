package dev.dossier.shared.search;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A module whose records can be found by the search in the top bar takes part through this interface. Most sources
 * give documents to the full-text index, which asks for them again under a record's key whenever the module's events
 * say it changed, and walks all keys to rebuild; a source that keeps a better search of its own (the customers' term
 * table) answers {@link #matches} instead. Either way the search shows only what {@link #visible} gives for the
 * current user, so the module's own access rules decide what a reader finds. Implementations are Spring beans.
 */
public interface SearchSource {

    /** The kind of record, e.g. {@code note}; also the group heading and the filter value of the search. */
    String kind();

    /**
     * The documents stored now under these keys, whoever reads (no access check): a record's key is its id, or, for
     * records kept per customer like contacts, the customer's id. A key that gives no document leaves the index.
     */
    default List<SearchDocument> documents(Collection<UUID> keys) {
        return List.of();
    }

    /** Up to {@code limit} keys of live records after {@code after} (null: from the first), in key order. */
    default List<UUID> keys(UUID after, int limit) {
        return List.of();
    }

    /**
     * The reach of the current user among this kind's documents: the terms of which a document needs one to be
     * worth asking {@link #visible} about (as {@link SearchDocument#reach()} holds them), so that a reader of a few
     * records finds theirs among many; empty when every document may be visible to them. It only narrows what is
     * asked: {@link #visible} decides.
     */
    default Optional<java.util.Set<String>> reach() {
        return Optional.empty();
    }

    /** Whether the source searches itself ({@link #matches}) rather than through the index. */
    default boolean ownSearch() {
        return false;
    }

    /**
     * The source's own best matches for the current user, best first, when it searches itself rather than through
     * the index; empty when it relies on the index.
     */
    default Optional<List<UUID>> matches(String query, int limit) {
        return Optional.empty();
    }

    /**
     * What the current user sees of these records, as their lists show them (masked where they are masked); a
     * record the user may not see, or that is gone, is absent.
     */
    Map<UUID, SearchView> visible(Collection<UUID> ids);
}
