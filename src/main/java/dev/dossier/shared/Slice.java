package dev.dossier.shared;

import java.util.List;

/**
 * One page of a keyset-paginated list.
 *
 * @param items the rows of this page
 * @param nextCursor an opaque cursor for the next page, or null on the last page
 */
public record Slice<T>(List<T> items, String nextCursor) {

    public boolean hasNext() {
        return nextCursor != null;
    }
}
