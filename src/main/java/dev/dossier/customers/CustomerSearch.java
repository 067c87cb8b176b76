package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT;
import static dev.dossier.db.Tables.CUSTOMER;

import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.search.SearchDocument;
import dev.dossier.shared.search.SearchSource;
import dev.dossier.shared.search.SearchView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers and their contacts in the one search. Customers are found by their own quick search (names, pinyin,
 * phone and email fragments through the term table), which is better at them than the full-text index; contacts go
 * into the index under their customer's key, with the pinyin of their names as keywords. Both are shown to whoever
 * reaches the customer, as the dossier shows them.
 */
class CustomerSearch {

    private CustomerSearch() {}

    /** Customers, through the quick search. */
    @Component
    static class Customers implements SearchSource {

        private final CustomerQueries queries;
        private final CustomerDirectory directory;
        private final Access access;
        private final DSLContext db;
        private final MessageSource messages;

        Customers(
                CustomerQueries queries,
                CustomerDirectory directory,
                Access access,
                DSLContext db,
                MessageSource messages) {
            this.queries = queries;
            this.directory = directory;
            this.access = access;
            this.db = db;
            this.messages = messages;
        }

        @Override
        public String kind() {
            return "customer";
        }

        @Override
        public boolean ownSearch() {
            return true;
        }

        @Override
        public Optional<List<UUID>> matches(String query, int limit) {
            if (!access.allows(Area.CUSTOMERS, Operation.READ) || limit <= 0) {
                return Optional.of(List.of());
            }
            var page = queries.list(
                    CustomerFilter.all().withQuery(query),
                    false,
                    CustomerQueries.Sort.RELEVANCE,
                    null,
                    Math.min(limit, 100));
            return Optional.of(
                    page.items().stream().map(CustomerQueries.Row::id).toList());
        }

        @Override
        @Transactional(readOnly = true)
        public Map<UUID, SearchView> visible(Collection<UUID> ids) {
            if (ids.isEmpty() || !access.allows(Area.CUSTOMERS, Operation.READ)) {
                return Map.of();
            }
            var locale = LocaleContextHolder.getLocale();
            var views = new HashMap<UUID, SearchView>();
            db.select(
                            CUSTOMER.ID,
                            CUSTOMER.NAME,
                            CUSTOMER.TYPE,
                            CUSTOMER.GRADE,
                            CUSTOMER.LIFECYCLE_STAGE,
                            CUSTOMER.PROVINCE,
                            CUSTOMER.CITY,
                            CUSTOMER.UPDATED_AT)
                    .from(CUSTOMER)
                    .where(InLists.in(db, CUSTOMER.ID, ids))
                    .and(directory.reachable(CUSTOMER.ID))
                    .forEach(r -> {
                        var text = String.join(
                                " · ",
                                java.util.stream.Stream.of(
                                                label(locale, "enum.CustomerType." + r.value3()),
                                                label(locale, "enum.Grade." + r.value4()),
                                                label(locale, "enum.LifecycleStage." + r.value5()),
                                                place(r.value6(), r.value7()))
                                        .filter(s -> s != null && !s.isBlank())
                                        .toList());
                        views.put(
                                r.value1(),
                                new SearchView(
                                        r.value1(),
                                        r.value2(),
                                        text,
                                        null,
                                        null,
                                        "/customers/" + r.value1(),
                                        r.value8()));
                    });
            return views;
        }

        private String label(Locale locale, String code) {
            return messages.getMessage(code, null, "", locale);
        }

        private static String place(String province, String city) {
            if (province == null || province.isBlank()) {
                return city;
            }
            return city == null || city.isBlank() || city.equals(province) ? province : province + " " + city;
        }
    }

    /** Contacts, through the index, kept under their customer's key. */
    @Component
    static class Contacts implements SearchSource {

        private final CustomerDirectory directory;
        private final Access access;
        private final DSLContext db;

        Contacts(CustomerDirectory directory, Access access, DSLContext db) {
            this.directory = directory;
            this.access = access;
            this.db = db;
        }

        @Override
        public String kind() {
            return "contact";
        }

        @Override
        @Transactional(readOnly = true)
        public List<SearchDocument> documents(Collection<UUID> keys) {
            if (keys.isEmpty()) {
                return List.of();
            }
            var reach = directory.searchReach(keys);
            return db.select(
                            CONTACT.ID,
                            CONTACT.CUSTOMER_ID,
                            CONTACT.NAME,
                            CONTACT.JOB_TITLE,
                            CONTACT.DEPARTMENT,
                            CONTACT.UPDATED_AT)
                    .from(CONTACT)
                    .where(InLists.in(db, CONTACT.CUSTOMER_ID, keys))
                    .and(CONTACT.DELETED_AT.isNull())
                    .fetch(r -> new SearchDocument(
                            r.value1(),
                            r.value2(),
                            r.value2(),
                            r.value3(),
                            join(r.value4(), r.value5()),
                            keywords(r.value3()),
                            r.value6(),
                            reach.get(r.value2())));
        }

        @Override
        @Transactional(readOnly = true)
        public List<UUID> keys(UUID after, int limit) {
            return dev.dossier.db.KeyPages.next(db, CONTACT.CUSTOMER_ID, CONTACT.DELETED_AT.isNull(), after, limit);
        }

        @Override
        public Optional<java.util.Set<String>> reach() {
            return directory.searchReach();
        }

        @Override
        @Transactional(readOnly = true)
        public Map<UUID, SearchView> visible(Collection<UUID> ids) {
            if (ids.isEmpty() || !access.allows(Area.CUSTOMERS, Operation.READ)) {
                return Map.of();
            }
            var views = new HashMap<UUID, SearchView>();
            db.select(
                            CONTACT.ID,
                            CONTACT.CUSTOMER_ID,
                            CONTACT.NAME,
                            CONTACT.JOB_TITLE,
                            CONTACT.DEPARTMENT,
                            CONTACT.UPDATED_AT,
                            CUSTOMER.NAME)
                    .from(CONTACT)
                    .join(CUSTOMER)
                    .on(CUSTOMER.ID.eq(CONTACT.CUSTOMER_ID))
                    .where(InLists.in(db, CONTACT.ID, ids))
                    .and(CONTACT.DELETED_AT.isNull())
                    .and(directory.reachable(CONTACT.CUSTOMER_ID))
                    .forEach(r -> views.put(
                            r.value1(),
                            new SearchView(
                                    r.value1(),
                                    r.value3(),
                                    join(r.value4(), r.value5()),
                                    keywords(r.value3()),
                                    r.value7(),
                                    "/customers/" + r.value2() + "?tab=contacts",
                                    r.value6())));
            return views;
        }

        private static String join(String jobTitle, String department) {
            if (jobTitle == null || jobTitle.isBlank()) {
                return department;
            }
            return department == null || department.isBlank() ? jobTitle : jobTitle + " · " + department;
        }

        /** The pinyin of a name: in syllables, run together, and as initials (张伟: zhang wei zhangwei zw). */
        static String keywords(String name) {
            if (name == null || name.chars().noneMatch(c -> Pinyin.isHan((char) c))) {
                return null;
            }
            var reading = Pinyin.reading(name);
            var initials = new StringBuilder();
            for (var syllable : reading.split(" ")) {
                if (!syllable.isEmpty()) {
                    initials.append(syllable.charAt(0));
                }
            }
            return reading + " " + reading.replace(" ", "") + " " + initials;
        }
    }
}
