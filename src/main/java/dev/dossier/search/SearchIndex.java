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
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * The full-text index on this instance's disk (Lucene). Documents are stored under their kind and key, replaced a key
 * at a time; each commit records, with the documents, the last feed row they include and the installation and
 * generation they were built for, so that a restart goes on from there. Only ids are stored: what a reader sees
 * comes from the modules when they search.
 */
final class SearchIndex implements AutoCloseable {

    static final String LAYOUT = "1";
    private static final String KIND = "kind";
    private static final String ID = "id";
    private static final String KEY = "key";
    private static final String STORED_KEY = "skey";
    private static final String CUSTOMER = "customer";
    private static final String AT = "at";

    /** Words only, without positions: the segmenter's words are matched one by one, never as a phrase. */
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
     * @param found the records, best first
     * @param total how many matched in all
     * @param last where the next page starts, or null
     */
    record Page(List<Found> found, long total, FieldDoc last) {}

    private final Path directory;
    private final FSDirectory store;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    SearchIndex(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            store = FSDirectory.open(directory);
            var config = new IndexWriterConfig(SearchAnalysis.INDEX);
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            config.setRAMBufferSizeMB(32);
            writer = new IndexWriter(store, config);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("The search index at " + directory + " cannot be opened", e);
        }
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
        var byKey = new HashMap<UUID, List<Document>>();
        for (var d : documents) {
            byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(document(kind, d));
        }
        for (var key : keys) {
            writer.updateDocuments(new Term(KEY, kind + ":" + key), byKey.getOrDefault(key, List.of()));
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

    /**
     * One page of the records of {@code kind} that match, best first, newer first among equals.
     *
     * @param after where the page starts, or null for the first
     */
    Page search(String kind, Query query, int size, FieldDoc after) throws IOException {
        var filtered = new BooleanQuery.Builder()
                .add(query, Occur.MUST)
                .add(new TermQuery(new Term(KIND, kind)), Occur.FILTER)
                .build();
        var sort = new Sort(SortField.FIELD_SCORE, new SortField(AT, SortField.Type.LONG, true));
        var searcher = searchers.acquire();
        try {
            var hits = after == null
                    ? searcher.search(filtered, size, sort, true)
                    : searcher.searchAfter(after, filtered, size, sort, true);
            var stored = searcher.storedFields();
            var found = new ArrayList<Found>();
            for (var hit : hits.scoreDocs) {
                found.add(new Found(
                        kind,
                        UUID.fromString(
                                stored.document(hit.doc, java.util.Set.of(ID)).get(ID))));
            }
            var last = hits.scoreDocs.length < size ? null : (FieldDoc) hits.scoreDocs[hits.scoreDocs.length - 1];
            return new Page(found, hits.totalHits.value(), last);
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

    IndexSearcher acquire() throws IOException {
        return searchers.acquire();
    }

    void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    private static Document document(String kind, SearchDocument d) {
        var doc = new Document();
        doc.add(new StringField(KIND, kind, Field.Store.YES));
        doc.add(new StringField(ID, d.id().toString(), Field.Store.YES));
        doc.add(new StringField(KEY, kind + ":" + d.key(), Field.Store.NO));
        doc.add(new StoredField(STORED_KEY, d.key().toString()));
        if (d.customerId() != null) {
            doc.add(new StringField(CUSTOMER, d.customerId().toString(), Field.Store.NO));
        }
        if (d.title() != null && !d.title().isBlank()) {
            doc.add(new Field(SearchAnalysis.TITLE_WORDS, d.title(), WORDS_ONLY));
            doc.add(new TextField(SearchAnalysis.TITLE_CHARS, d.title(), Field.Store.NO));
        }
        if (d.text() != null && !d.text().isBlank()) {
            doc.add(new Field(SearchAnalysis.TEXT_WORDS, d.text(), WORDS_ONLY));
            doc.add(new TextField(SearchAnalysis.TEXT_CHARS, d.text(), Field.Store.NO));
        }
        if (d.keywords() != null && !d.keywords().isBlank()) {
            doc.add(new Field(SearchAnalysis.KEYWORDS, d.keywords(), WORDS_ONLY));
        }
        doc.add(new NumericDocValuesField(
                AT, d.at() == null ? 0 : d.at().toInstant().toEpochMilli()));
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
