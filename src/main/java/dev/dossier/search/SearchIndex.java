package dev.dossier.search;

import dev.dossier.shared.search.SearchDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The full-text index on this instance's disk (Lucene). Documents are stored under their kind and key, replaced a key
 * at a time; each commit records, with the documents, the last feed row they include and the installation and
 * generation they were built for, so that a restart goes on from there. Only ids are stored: what a reader sees
 * comes from the modules when they search.
 */
final class SearchIndex implements AutoCloseable {

    static final String LAYOUT = "5";
    private static final String KIND = "kind";
    private static final String ID = "id";
    private static final String KEY = "key";
    private static final String STORED_KEY = "skey";
    private static final String CUSTOMER = "customer";
    private static final String AT = "at";
    private static final String REACH = "reach";
    private static final String ID_VALUES = "id_dv";
    private static final String KIND_VALUES = "kind_dv";

    /** Words only, without positions: words and pairs of characters are matched one by one, never as a phrase. */
    private static final FieldType WORDS_ONLY = new FieldType(TextField.TYPE_NOT_STORED);

    static {
        WORDS_ONLY.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        WORDS_ONLY.setOmitNorms(false);
        WORDS_ONLY.freeze();
    }

    /**
     * Where the index stands.
     *
     * @param installation the installation it was built for, or null for a new index
     * @param generation the generation it was built for
     * @param seq the last feed row it includes
     * @param layout the layout of its documents
     */
    record Commit(String installation, int generation, long seq, String layout) {

        Map<String, String> data() {
            return Map.of(
                    "installation",
                    installation,
                    "generation",
                    Integer.toString(generation),
                    "seq",
                    Long.toString(seq),
                    "layout",
                    layout);
        }
    }

    /**
     * A record found.
     *
     * @param kind its kind
     * @param id its id
     */
    record Found(String kind, UUID id) {}

    /**
     * A page of records found of one kind.
     *
     * @param found the records, newest first
     * @param last where the next page starts, or null when there is none
     */
    record Page(List<Found> found, FieldDoc last) {}

    private final Path directory;
    private final FSDirectory store;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    SearchIndex(Path directory) {
        this.directory = directory;
        try {
            if (!Files.isDirectory(directory)) {
                // The index holds words of people's records: its directory is its owner's only, like the data's.
                dev.dossier.shared.DataDirectory.createPrivate(directory);
            }
            store = FSDirectory.open(directory);
            writer = open(store);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("The search index at " + directory + " cannot be opened", e);
        }
    }

    /**
     * The writer, on an index sorted by kind and then newest first: a search of one kind reads only that kind's part
     * of each segment. An index of an earlier layout that cannot be opened so is started again (and rebuilt).
     */
    private static IndexWriter open(FSDirectory store) throws IOException {
        try {
            return new IndexWriter(store, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        } catch (IllegalArgumentException earlierLayout) {
            return new IndexWriter(store, config(IndexWriterConfig.OpenMode.CREATE));
        }
    }

    private static IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
        var config = new IndexWriterConfig(SearchAnalysis.INDEX);
        config.setOpenMode(mode);
        config.setRAMBufferSizeMB(32);
        config.setIndexSort(ORDER);
        return config;
    }

    Path directory() {
        return directory;
    }

    /** Where the last commit left the index. */
    Commit commit() {
        var data = new HashMap<String, String>();
        var live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        if (!data.containsKey("seq")) {
            return new Commit(null, 0, 0, LAYOUT);
        }
        return new Commit(
                data.get("installation"),
                Integer.parseInt(data.get("generation")),
                Long.parseLong(data.get("seq")),
                data.getOrDefault("layout", "0"));
    }

    /** Replaces what is stored under each of the keys of one kind with these documents. */
    void replace(String kind, Collection<UUID> keys, List<SearchDocument> documents) throws IOException {
        // Deleted, then added one by one (a sorted index takes no blocks of documents); searches see both at the
        // next commit, together.
        writer.deleteDocuments(
                keys.stream().map(key -> new Term(KEY, kind + ":" + key)).toArray(Term[]::new));
        for (var d : documents) {
            writer.addDocument(document(kind, d));
        }
    }

    /** Adds documents to a new index (the rebuild), without looking for earlier ones. */
    void add(String kind, List<SearchDocument> documents) throws IOException {
        for (var d : documents) {
            writer.addDocument(document(kind, d));
        }
    }

    /** The keys (by kind) of the documents about a customer. */
    Map<String, List<UUID>> keysAbout(UUID customerId) throws IOException {
        var keys = new HashMap<String, List<UUID>>();
        searchers.maybeRefreshBlocking();
        var searcher = searchers.acquire();
        try {
            var hits = searcher.search(new TermQuery(new Term(CUSTOMER, customerId.toString())), 100_000);
            var stored = searcher.storedFields();
            for (var hit : hits.scoreDocs) {
                var doc = stored.document(hit.doc);
                keys.computeIfAbsent(doc.get(KIND), k -> new ArrayList<>()).add(UUID.fromString(doc.get(STORED_KEY)));
            }
        } finally {
            searchers.release(searcher);
        }
        return keys;
    }

    void clear() throws IOException {
        writer.deleteAll();
    }

    /** Makes the changes durable with where they leave the index, and visible to searches. */
    void commit(Commit commit) throws IOException {
        writer.setLiveCommitData(commit.data().entrySet());
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /** The order of the index and of every search: by kind, then newest first. */
    private static final Sort ORDER =
            new Sort(new SortField(KIND_VALUES, SortField.Type.STRING), new SortField(AT, SortField.Type.LONG, true));

    /**
     * One page of the records of {@code kind} that match, newest first. The index is kept in this order, so a search
     * stops once it has a page, however many records match.
     *
     * @param reach the reach terms of which a record needs one, or null for any record
     * @param after where the page starts, or null for the first
     */
    Page search(String kind, Query query, java.util.Set<String> reach, int size, FieldDoc after) throws IOException {
        var filtered = new BooleanQuery.Builder()
                .add(query, Occur.MUST)
                .add(new TermQuery(new Term(KIND, kind)), Occur.FILTER);
        if (reach != null) {
            filtered.add(
                    new TermInSetQuery(REACH, reach.stream().map(BytesRef::new).toList()), Occur.FILTER);
        }
        var searcher = searchers.acquire();
        try {
            var hits = searcher.search(filtered.build(), new TopFieldCollectorManager(ORDER, size, after, size));
            var found = new ArrayList<Found>();
            var leaves = searcher.getIndexReader().leaves();
            for (var hit : hits.scoreDocs) {
                var leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                var values = leaf.reader().getBinaryDocValues(ID_VALUES);
                if (values != null && values.advanceExact(hit.doc - leaf.docBase)) {
                    found.add(new Found(kind, uuid(values.binaryValue())));
                }
            }
            var last = hits.scoreDocs.length < size ? null : (FieldDoc) hits.scoreDocs[hits.scoreDocs.length - 1];
            return new Page(found, last);
        } finally {
            searchers.release(searcher);
        }
    }

    /** How many documents the index holds, and its size on disk in bytes. */
    long[] size() throws IOException {
        var searcher = searchers.acquire();
        try {
            long bytes = 0;
            for (var file : store.listAll()) {
                try {
                    bytes += store.fileLength(file);
                } catch (IOException | RuntimeException gone) {
                    // merged away while counting
                }
            }
            return new long[] {searcher.getIndexReader().numDocs(), bytes};
        } finally {
            searchers.release(searcher);
        }
    }

    /** Asks the index once for what a query's starts of words and typos stand for, for several searches. */
    Query prepare(Query query) throws IOException {
        var searcher = searchers.acquire();
        try {
            return searcher.rewrite(query);
        } finally {
            searchers.release(searcher);
        }
    }

    private static byte[] bytes(UUID id) {
        return java.nio.ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }

    private static UUID uuid(BytesRef ref) {
        var buffer = java.nio.ByteBuffer.wrap(ref.bytes, ref.offset, ref.length);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static Document document(String kind, SearchDocument d) {
        var doc = new Document();
        doc.add(new StringField(KIND, kind, Field.Store.YES));
        doc.add(new SortedDocValuesField(KIND_VALUES, new BytesRef(kind)));
        doc.add(new StringField(ID, d.id().toString(), Field.Store.NO));
        doc.add(new StringField(KEY, kind + ":" + d.key(), Field.Store.NO));
        doc.add(new StoredField(STORED_KEY, d.key().toString()));
        if (d.customerId() != null) {
            doc.add(new StringField(CUSTOMER, d.customerId().toString(), Field.Store.NO));
        }
        var title = d.title() == null ? "" : d.title();
        var all = d.text() == null || d.text().isBlank() ? title : title + "\n" + d.text();
        if (!title.isBlank()) {
            doc.add(new Field(SearchAnalysis.TITLE_CHARS, title, WORDS_ONLY));
        }
        if (!all.isBlank()) {
            doc.add(new Field(SearchAnalysis.TEXT_WORDS, all, WORDS_ONLY));
            doc.add(new Field(SearchAnalysis.TEXT_CHARS, all, WORDS_ONLY));
        }
        doc.add(new BinaryDocValuesField(ID_VALUES, new BytesRef(bytes(d.id()))));
        if (d.keywords() != null && !d.keywords().isBlank()) {
            doc.add(new Field(SearchAnalysis.KEYWORDS, d.keywords(), WORDS_ONLY));
        }
        doc.add(new NumericDocValuesField(
                AT, d.at() == null ? 0 : d.at().toInstant().toEpochMilli()));
        if (d.reach() != null) {
            for (var term : d.reach()) {
                doc.add(new StringField(REACH, term, Field.Store.NO));
            }
        }
        return doc;
    }

    /**
     * Closes the index, committing what was applied since the last commit with the last commit's data: an interrupted
     * rebuild keeps the data of the index it replaces, so the next start rebuilds again.
     */
    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        store.close();
    }
}
