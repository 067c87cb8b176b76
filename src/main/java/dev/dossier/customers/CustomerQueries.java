package dev.dossier.customers;

import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_SEARCH_TERM;
import static dev.dossier.db.Tables.CUSTOMER_TAG;
import static dev.dossier.db.Tables.TAG;
import static org.jooq.impl.DSL.row;

import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customer list and quick search: filters, sort orders and keyset pages, straight from SQL. */
@Service
class CustomerQueries {

    static final int MAX_PAGE = 200;

    /** Orders of the list; each is a keyset order ending with the id. */
    enum Sort {
        /** Best quick-search match first (only with a query), then by name. */
        RELEVANCE("relevance"),
        NAME("name"),
        NAME_DESC("-name"),
        UPDATED("-updated"),
        UPDATED_ASC("updated"),
        CREATED("-created"),
        CREATED_ASC("created");

        final String param;

        Sort(String param) {
            this.param = param;
        }

        /** The order asked for; without one, best match first when searching, otherwise by name. */
        static Sort parse(String text, String query) {
            boolean searching = query != null && !query.isBlank();
            if (text == null || text.isBlank() || (text.equals("relevance") && !searching)) {
                return searching ? RELEVANCE : NAME;
            }
            for (var sort : values()) {
                if (sort.param.equals(text)) {
                    return sort;
                }
            }
            throw new InvalidValueException("sort.invalid", "Unknown sort order: " + text);
        }
    }

    /**
     * A tag as shown on a list row.
     *
     * @param name tag name
     * @param color #rrggbb
     */
    record TagView(String name, String color) {}

    /** One row of the customer list. */
    record Row(
            UUID id,
            CustomerType type,
            String name,
            Grade grade,
            LifecycleStage lifecycleStage,
            Region region,
            Industry industry,
            String country,
            String province,
            String city,
            String primaryPhone,
            String primaryEmail,
            UUID ownerId,
            UUID teamId,
            List<TagView> tags,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime deletedAt,
            int version) {}

    /**
     * What a quick search looks up, each by a prefix range: plain terms, and secret chains (keyed hashes).
     *
     * @param prefixes plain prefixes
     * @param secrets secret chains as stored, of the levels typed
     */
    record SearchQuery(List<String> prefixes, List<String> secrets) {

        boolean isEmpty() {
            return prefixes.isEmpty() && secrets.isEmpty();
        }
    }

    private final DSLContext db;
    private final Access access;
    private final CustomerCrypto crypto;

    CustomerQueries(DSLContext db, Access access, CustomerCrypto crypto) {
        this.db = db;
        this.access = access;
        this.crypto = crypto;
    }

    @Transactional(readOnly = true)
    Slice<Row> list(CustomerFilter filter, boolean trash, Sort sort, String cursor, int limit) {
        access.require(Area.CUSTOMERS, Operation.READ);
        int size = Math.clamp(limit, 1, MAX_PAGE);
        var condition = condition(filter, trash);
        if (condition == null) {
            return new Slice<>(List.of(), null);
        }
        if (sort == Sort.RELEVANCE && filter.searching()) {
            return byRelevance(filter, trash, cursor, size);
        }
        if (cursor != null && !cursor.isBlank()) {
            condition = condition.and(after(sort, Cursor.decode(cursor, 2)));
        }
        var rows = db.select(
                        CUSTOMER.ID,
                        CUSTOMER.TYPE,
                        CUSTOMER.NAME,
                        CUSTOMER.SORT_NAME,
                        CUSTOMER.GRADE,
                        CUSTOMER.LIFECYCLE_STAGE,
                        CUSTOMER.REGION,
                        CUSTOMER.INDUSTRY,
                        CUSTOMER.COUNTRY,
                        CUSTOMER.PROVINCE,
                        CUSTOMER.CITY,
                        CUSTOMER.PRIMARY_PHONE,
                        CUSTOMER.PRIMARY_EMAIL,
                        CUSTOMER.OWNER_ID,
                        CUSTOMER.TEAM_ID,
                        CUSTOMER.CREATED_AT,
                        CUSTOMER.UPDATED_AT,
                        CUSTOMER.DELETED_AT,
                        CUSTOMER.VERSION)
                .from(CUSTOMER)
                .where(condition)
                .orderBy(order(sort))
                .limit(size + 1)
                .fetch();
        boolean more = rows.size() > size;
        var page = more ? rows.subList(0, size) : rows;
        var tags = tags(page.stream().map(r -> r.get(CUSTOMER.ID)).toList());
        var items = page.stream()
                .map(r -> toRow(r, tags.getOrDefault(r.get(CUSTOMER.ID), List.of())))
                .toList();
        String next = more ? Cursor.encode(keyOf(sort, page.getLast())) : null;
        return new Slice<>(items, next);
    }

    /**
     * The ids of the customers a filter finds and the reader reaches, after {@code afterId} in id order: the pages of
     * an export, walked by the primary key so that each page is an index range whatever the filter.
     */
    @Transactional(readOnly = true)
    List<UUID> ids(CustomerFilter filter, UUID afterId, int limit) {
        access.require(Area.CUSTOMERS, Operation.READ);
        var condition = condition(filter, false);
        if (condition == null) {
            return List.of();
        }
        if (afterId != null) {
            condition = condition.and(CUSTOMER.ID.gt(afterId));
        }
        return db.select(CUSTOMER.ID)
                .from(CUSTOMER)
                .where(condition)
                .orderBy(CUSTOMER.ID)
                .limit(limit)
                .fetch(CUSTOMER.ID);
    }

    /** The highest rank a search term has (a contact's term found inside its name or number). */
    private static final int WORST_RANK = 3;

    private static final List<Short> RANKS = List.of((short) 0, (short) 1, (short) 2, (short) 3);

    /**
     * Quick-search results, best match first: a name, number or address matched from its start before one matched
     * inside, a customer's own before its contacts'; within a rank, in the order of the matched term. Each customer
     * counts once, at its best term. The term index is walked in that order and the walk stops after a page, so the
     * cost follows the page size, not the number of matches.
     */
    private Slice<Row> byRelevance(CustomerFilter filter, boolean trash, String cursor, int size) {
        var prefixes = searchable(filter.q());
        var customerCondition = condition(filter.withQuery(null), trash);
        int fromRank = 0;
        String afterTerm = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            var key = Cursor.decode(cursor, 3);
            try {
                fromRank = Integer.parseInt(key.get(0));
                afterTerm = key.get(1);
                afterId = UUID.fromString(key.get(2));
            } catch (RuntimeException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
            if (fromRank < 0 || fromRank > WORST_RANK) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        var term = CUSTOMER_SEARCH_TERM.as("t");
        var better = CUSTOMER_SEARCH_TERM.as("b");
        var rows = new ArrayList<Record>();
        for (int rank = fromRank; rank <= WORST_RANK && rows.size() <= size; rank++) {
            var condition = term.RANK
                    .eq((short) rank)
                    .and(customerCondition)
                    .andNotExists(DSL.selectOne()
                            .from(better)
                            .where(better.CUSTOMER_ID.eq(term.CUSTOMER_ID))
                            .and(termCondition(better.TERM, prefixes))
                            .and(better.RANK
                                    .lt(term.RANK)
                                    .or(better.RANK.eq(term.RANK).and(better.TERM.lt(term.TERM)))));
            if (rank == fromRank && afterTerm != null) {
                condition = condition.and(row(term.TERM, term.CUSTOMER_ID).gt(afterTerm, afterId));
            }
            // One query for each prefix range and each secret term: each walks the index in term order and stops
            // after a page (an OR of them would make the database collect and sort every match first).
            int wanted = size + 1 - rows.size();
            var found = new ArrayList<Record>();
            for (var piece : termPieces(term.TERM, prefixes)) {
                found.addAll(db.select(
                                CUSTOMER.ID,
                                CUSTOMER.TYPE,
                                CUSTOMER.NAME,
                                CUSTOMER.SORT_NAME,
                                CUSTOMER.GRADE,
                                CUSTOMER.LIFECYCLE_STAGE,
                                CUSTOMER.REGION,
                                CUSTOMER.INDUSTRY,
                                CUSTOMER.COUNTRY,
                                CUSTOMER.PROVINCE,
                                CUSTOMER.CITY,
                                CUSTOMER.PRIMARY_PHONE,
                                CUSTOMER.PRIMARY_EMAIL,
                                CUSTOMER.OWNER_ID,
                                CUSTOMER.TEAM_ID,
                                CUSTOMER.CREATED_AT,
                                CUSTOMER.UPDATED_AT,
                                CUSTOMER.DELETED_AT,
                                CUSTOMER.VERSION,
                                term.RANK,
                                term.TERM)
                        .from(term)
                        .join(CUSTOMER)
                        .on(CUSTOMER.ID.eq(term.CUSTOMER_ID))
                        .where(condition.and(piece))
                        .orderBy(term.TERM, term.CUSTOMER_ID)
                        .limit(wanted)
                        .fetch());
            }
            // Merged in the database's order: terms by code point (the C collation), ids as unsigned bytes.
            found.sort(java.util.Comparator.<Record, String>comparing(r -> r.get(term.TERM))
                    .thenComparing(r -> r.get(CUSTOMER.ID).toString()));
            var seen = new java.util.HashSet<UUID>();
            rows.forEach(r -> seen.add(r.get(CUSTOMER.ID)));
            found.stream()
                    .filter(r -> seen.add(r.get(CUSTOMER.ID)))
                    .limit(wanted)
                    .forEach(rows::add);
        }
        boolean more = rows.size() > size;
        var page = more ? rows.subList(0, size) : rows;
        var tags = tags(page.stream().map(r -> r.get(CUSTOMER.ID)).toList());
        var items = page.stream()
                .map(r -> toRow(r, tags.getOrDefault(r.get(CUSTOMER.ID), List.of())))
                .toList();
        String next = null;
        if (more) {
            var last = page.getLast();
            next = Cursor.encode(List.of(
                    String.valueOf(last.get(term.RANK)),
                    last.get(term.TERM),
                    last.get(CUSTOMER.ID).toString()));
        }
        return new Slice<>(items, next);
    }

    /** Terms of any rank that match: the key leads with the rank, so one index range for each rank and term range. */
    private static Condition termCondition(SearchQuery query) {
        return CUSTOMER_SEARCH_TERM.RANK.in(RANKS).and(termCondition(CUSTOMER_SEARCH_TERM.TERM, query));
    }

    /** Terms that start with one of the prefixes or secret chains (a binary range each, so an index range scan). */
    private static Condition termCondition(org.jooq.Field<String> field, SearchQuery query) {
        var pieces = termPieces(field, query);
        return pieces.isEmpty() ? DSL.falseCondition() : DSL.or(pieces);
    }

    /** The term condition in pieces that an index walks in order: one a prefix range, one a secret chain. */
    private static List<Condition> termPieces(org.jooq.Field<String> field, SearchQuery query) {
        var pieces = new ArrayList<Condition>();
        for (var prefix : query.prefixes()) {
            pieces.add(field.ge(prefix).and(field.lt(prefix + '\uffff')));
        }
        for (var secret : query.secrets()) {
            pieces.add(field.ge(secret).and(field.lt(secret + '\uffff')));
        }
        return pieces;
    }

    /** How many customers a filter matches (shown beside the list, loaded after it). */
    @Transactional(readOnly = true)
    int count(CustomerFilter filter, boolean trash) {
        access.require(Area.CUSTOMERS, Operation.READ);
        var condition = condition(filter, trash);
        return condition == null ? 0 : db.fetchCount(CUSTOMER, condition);
    }

    /** The filter's conditions, in the trash or outside it; null when the quick search cannot match anything. */
    private Condition condition(CustomerFilter f, boolean trash) {
        Condition c = trash ? CUSTOMER.DELETED_AT.isNotNull() : CUSTOMER.DELETED_AT.isNull();
        c = c.and(access.visible(Area.CUSTOMERS, "customer", CUSTOMER.ID, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID));
        if (f.type() != null) {
            c = c.and(CUSTOMER.TYPE.eq(f.type().name()));
        }
        if (f.grade() != null) {
            c = c.and(CUSTOMER.GRADE.eq(f.grade().name()));
        }
        if (f.lifecycleStage() != null) {
            c = c.and(CUSTOMER.LIFECYCLE_STAGE.eq(f.lifecycleStage().name()));
        }
        if (f.region() != null) {
            c = c.and(CUSTOMER.REGION.eq(f.region().name()));
        }
        if (f.industry() != null) {
            c = c.and(CUSTOMER.INDUSTRY.eq(f.industry().name()));
        }
        if (f.ownerId() != null) {
            c = c.and(CUSTOMER.OWNER_ID.eq(f.ownerId()));
        }
        if (f.teamId() != null) {
            c = c.and(CUSTOMER.TEAM_ID.eq(f.teamId()));
        }
        if (f.tag() != null && !f.tag().isBlank()) {
            c = c.and(CUSTOMER.ID.in(DSL.select(CUSTOMER_TAG.CUSTOMER_ID)
                    .from(CUSTOMER_TAG)
                    .join(TAG)
                    .on(TAG.ID.eq(CUSTOMER_TAG.TAG_ID))
                    .where(TAG.NAME.eq(f.tag().strip()))));
        }
        if (f.searching()) {
            var prefixes = searchable(f.q());
            if (prefixes.isEmpty()) {
                return null;
            }
            c = c.and(CUSTOMER.ID.in(DSL.select(CUSTOMER_SEARCH_TERM.CUSTOMER_ID)
                    .from(CUSTOMER_SEARCH_TERM)
                    .where(termCondition(prefixes))));
        }
        return c;
    }

    /**
     * What the current user may search by: someone who may not see contact details cannot find a customer by a
     * phone number or an email address either.
     */
    private SearchQuery searchable(String q) {
        var query = query(q, crypto::termChain);
        if (access.field(dev.dossier.identity.FieldGroup.CONTACT).visible()) {
            return query;
        }
        if (SearchTerms.looksLikePhone(q.strip()) || q.contains("@")) {
            return new SearchQuery(List.of(), List.of());
        }
        return new SearchQuery(query.prefixes(), List.of());
    }

    /**
     * The terms a query stands for. A phone number or part of one (4 digits or more) is looked up by its digits as
     * the start of a number (its first seven digits, or the whole number) and, up to eight digits, as its end: two
     * secret chains. Otherwise the query folded like a name is a prefix, and also (letters and digits only) the
     * start of an email's local part; with punctuation such as an email's it is also a prefix as typed (a domain),
     * and the part before an {@code @} the start of a local part, alone and followed by the whole address.
     */
    static SearchQuery query(String query, SearchTerms.Secret secret) {
        var prefixes = new LinkedHashSet<String>();
        var secrets = new LinkedHashSet<String>();
        var q = query.strip();
        if (q.length() > 100) {
            q = q.substring(0, 100);
        }
        if (SearchTerms.looksLikePhone(q)) {
            for (var digits : SearchTerms.phoneQueryDigits(q)) {
                addSecret(secrets, secret, SearchTerms.phoneStart(digits));
                if (digits.length() <= SearchTerms.MAX_PHONE_END) {
                    addSecret(secrets, secret, SearchTerms.phoneEnd(digits));
                }
            }
            return new SearchQuery(List.copyOf(prefixes), List.copyOf(secrets));
        }
        var folded = SearchTerms.normalize(q);
        boolean han = folded.codePoints().anyMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN);
        if (folded.length() >= 2 || (han && !folded.isEmpty())) {
            if (!folded.chars().allMatch(Character::isDigit) || folded.length() >= 4) {
                prefixes.add(truncate(folded));
                if (folded.length() >= SearchTerms.MIN_EMAIL_START && folded.matches("[a-z0-9]+")) {
                    addSecret(secrets, secret, SearchTerms.emailLevels(folded, null));
                }
            }
        }
        var raw = SearchTerms.normalizeRaw(q);
        if (raw.length() >= 3 && !raw.equals(folded) && raw.matches(".*[@.].*")) {
            prefixes.add(truncate(raw));
            int at = raw.lastIndexOf('@');
            var local = at >= 0 ? raw.substring(0, at) : raw;
            addSecret(secrets, secret, SearchTerms.emailLevels(local, raw));
            if (at >= 0) {
                addSecret(secrets, secret, SearchTerms.emailLevels(local, null));
            }
        }
        return new SearchQuery(List.copyOf(prefixes), List.copyOf(secrets));
    }

    private static void addSecret(java.util.Set<String> secrets, SearchTerms.Secret secret, List<String> levels) {
        var chain = secret.chain(levels);
        if (chain != null) {
            secrets.add(chain);
        }
    }

    /** The terms a query looks up, with secret chains left as they are (for tests of what is indexed). */
    static List<String> queryPrefixes(String query) {
        var q = query(query, SearchTerms.Secret.PLAIN);
        var all = new LinkedHashSet<String>(q.prefixes());
        all.addAll(q.secrets());
        return List.copyOf(all);
    }

    private static String truncate(String term) {
        return term.length() > SearchTerms.MAX_TERM ? term.substring(0, SearchTerms.MAX_TERM) : term;
    }

    private static List<SortField<?>> order(Sort sort) {
        return switch (sort) {
            case RELEVANCE, NAME -> List.of(CUSTOMER.SORT_NAME.asc(), CUSTOMER.ID.asc());
            case NAME_DESC -> List.of(CUSTOMER.SORT_NAME.desc(), CUSTOMER.ID.desc());
            case UPDATED -> List.of(CUSTOMER.UPDATED_AT.desc(), CUSTOMER.ID.desc());
            case UPDATED_ASC -> List.of(CUSTOMER.UPDATED_AT.asc(), CUSTOMER.ID.asc());
            case CREATED -> List.of(CUSTOMER.CREATED_AT.desc(), CUSTOMER.ID.desc());
            case CREATED_ASC -> List.of(CUSTOMER.CREATED_AT.asc(), CUSTOMER.ID.asc());
        };
    }

    private static Condition after(Sort sort, List<String> key) {
        try {
            var id = UUID.fromString(key.get(1));
            return switch (sort) {
                case RELEVANCE, NAME -> row(CUSTOMER.SORT_NAME, CUSTOMER.ID).gt(key.get(0), id);
                case NAME_DESC -> row(CUSTOMER.SORT_NAME, CUSTOMER.ID).lt(key.get(0), id);
                case UPDATED -> row(CUSTOMER.UPDATED_AT, CUSTOMER.ID).lt(Cursor.time(key.get(0)), id);
                case UPDATED_ASC -> row(CUSTOMER.UPDATED_AT, CUSTOMER.ID).gt(Cursor.time(key.get(0)), id);
                case CREATED -> row(CUSTOMER.CREATED_AT, CUSTOMER.ID).lt(Cursor.time(key.get(0)), id);
                case CREATED_ASC -> row(CUSTOMER.CREATED_AT, CUSTOMER.ID).gt(Cursor.time(key.get(0)), id);
            };
        } catch (RuntimeException e) {
            throw new InvalidValueException("cursor.invalid", "Malformed cursor");
        }
    }

    private static List<String> keyOf(Sort sort, Record r) {
        var id = r.get(CUSTOMER.ID).toString();
        return switch (sort) {
            case RELEVANCE, NAME, NAME_DESC -> List.of(r.get(CUSTOMER.SORT_NAME), id);
            case UPDATED, UPDATED_ASC -> List.of(r.get(CUSTOMER.UPDATED_AT).toString(), id);
            case CREATED, CREATED_ASC -> List.of(r.get(CUSTOMER.CREATED_AT).toString(), id);
        };
    }

    private Map<UUID, List<TagView>> tags(List<UUID> ids) {
        var result = new HashMap<UUID, List<TagView>>();
        if (ids.isEmpty()) {
            return result;
        }
        db.select(CUSTOMER_TAG.CUSTOMER_ID, TAG.NAME, TAG.COLOR)
                .from(CUSTOMER_TAG)
                .join(TAG)
                .on(TAG.ID.eq(CUSTOMER_TAG.TAG_ID))
                .where(InLists.in(db, CUSTOMER_TAG.CUSTOMER_ID, ids))
                .orderBy(TAG.NAME)
                .forEach(r -> result.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new TagView(r.value2(), r.value3())));
        return result;
    }

    /** All tags, for filters and suggestions. */
    @Transactional(readOnly = true)
    List<TagView> allTags() {
        return db.select(TAG.NAME, TAG.COLOR)
                .from(TAG)
                .orderBy(TAG.NAME)
                .fetch(r -> new TagView(r.value1(), r.value2()));
    }

    private Row toRow(Record r, List<TagView> tags) {
        return new Row(
                r.get(CUSTOMER.ID),
                CustomerType.valueOf(r.get(CUSTOMER.TYPE)),
                r.get(CUSTOMER.NAME),
                Grade.valueOf(r.get(CUSTOMER.GRADE)),
                LifecycleStage.valueOf(r.get(CUSTOMER.LIFECYCLE_STAGE)),
                r.get(CUSTOMER.REGION) == null ? null : Region.valueOf(r.get(CUSTOMER.REGION)),
                r.get(CUSTOMER.INDUSTRY) == null ? null : Industry.valueOf(r.get(CUSTOMER.INDUSTRY)),
                r.get(CUSTOMER.COUNTRY),
                r.get(CUSTOMER.PROVINCE),
                r.get(CUSTOMER.CITY),
                crypto.open(CustomerCrypto.CUSTOMER_PHONE, r.get(CUSTOMER.PRIMARY_PHONE)),
                crypto.open(CustomerCrypto.CUSTOMER_EMAIL, r.get(CUSTOMER.PRIMARY_EMAIL)),
                r.get(CUSTOMER.OWNER_ID),
                r.get(CUSTOMER.TEAM_ID),
                tags,
                r.get(CUSTOMER.CREATED_AT),
                r.get(CUSTOMER.UPDATED_AT),
                r.get(CUSTOMER.DELETED_AT),
                r.get(CUSTOMER.VERSION));
    }
}
