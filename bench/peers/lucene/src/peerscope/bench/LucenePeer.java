// The Lucene peer of Peerscope's benchmarks, against Debian's liblucene8-java.
//
//   lucene-peer index RECORDS.tsv INDEX_DIR [--ram-mb N]
//   lucene-peer search INDEX_DIR QUERIES.txt [--passes N]
//   lucene-peer relevance INDEX_DIR QUERIES.tsv RUN_FILE [--depth N]   (LuceneRelevance.java)
//
// index: every record (id, title, abstract, year, venue; TAB-separated, as bench-extract writes)
// becomes one document: title and abstract as text fields with positions (EnglishAnalyzer), the
// id stored, year and venue as SortedSet doc-values facet fields. One commit at the end.
//
// search: each query (one a line) runs through the classic MultiFieldQueryParser over title and
// abstract with OR as the default operator (query text escaped, so claims are not parsed as
// syntax), BM25 (Lucene's default similarity), in two ways:
//   top10         the 10 best documents (and their stored ids);
//   top10+facets  the same plus exact document counts by year and venue over ALL matches
//                 (FacetsCollector + SortedSetDocValuesFacetCounts).
// One untimed warm-up pass of each way, then N timed passes; prints mean/p50/p99 in ms over the timed queries.
package peerscope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

public final class LucenePeer {
    private static final int TOP_K = 10;
    private static final int FIELD_COUNT = 5;
    private static final String[] TEXT_FIELDS = {"title", "abstract"};

    private LucenePeer() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("lucene-peer: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("lucene-peer: " + e);
            System.exit(1);
        }
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static String usage() {
        return "Usage: lucene-peer index RECORDS.tsv INDEX_DIR [--ram-mb N]\n"
                + "       lucene-peer search INDEX_DIR QUERIES.txt [--passes N]\n"
                + "       lucene-peer relevance INDEX_DIR QUERIES.tsv RUN_FILE [--depth N]";
    }

    private static int run(String[] args) throws Exception {
        if (args.length >= 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage());
            return 0;
        }
        if (args.length < 3) {
            throw new UsageException("expected a mode and two paths");
        }
        List<String> rest = Arrays.asList(args).subList(3, args.length);
        switch (args[0]) {
            case "index":
                return index(Paths.get(args[1]), Paths.get(args[2]), intOption(rest, "--ram-mb", 16));
            case "search":
                return search(Paths.get(args[1]), Paths.get(args[2]), intOption(rest, "--passes", 2));
            case "relevance":
                if (rest.isEmpty()) {
                    throw new UsageException("relevance needs a run file after the query file");
                }
                return LuceneRelevance.run(Paths.get(args[1]), Paths.get(args[2]), Paths.get(rest.get(0)),
                        intOption(rest.subList(1, rest.size()), "--depth", 100));
            default:
                throw new UsageException("unknown mode '" + args[0] + "'");
        }
    }

    private static int intOption(List<String> options, String name, int fallback) throws UsageException {
        int value = fallback;
        for (int i = 0; i < options.size(); ++i) {
            if (!options.get(i).equals(name) || i + 1 >= options.size()) {
                throw new UsageException("unexpected argument '" + options.get(i) + "'");
            }
            try {
                value = Integer.parseInt(options.get(++i));
            } catch (NumberFormatException e) {
                throw new UsageException(name + " needs a number");
            }
            if (value < 1) {
                throw new UsageException(name + " must be at least 1");
            }
        }
        return value;
    }

    private static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setIndexFieldName("year", "$facets");
        config.setIndexFieldName("venue", "$facets");
        return config;
    }

    private static int index(Path input, Path indexDir, int ramMb) throws IOException {
        long start = System.nanoTime();
        FacetsConfig facets = facetsConfig();
        long documents = 0;
        try (Analyzer analyzer = new EnglishAnalyzer();
                Directory dir = FSDirectory.open(indexDir);
                BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(ramMb);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                String line;
                long lineNo = 0;
                while ((line = in.readLine()) != null) {
                    ++lineNo;
                    String[] fields = line.split("\t", -1);
                    if (fields.length != FIELD_COUNT) {
                        throw new IOException(input + ":" + lineNo + ": expected " + FIELD_COUNT
                                + " TAB-separated fields, got " + fields.length);
                    }
                    Document doc = new Document();
                    doc.add(new StringField("id", fields[0], Field.Store.YES));
                    doc.add(new TextField("title", fields[1], Field.Store.NO));
                    doc.add(new TextField("abstract", fields[2], Field.Store.NO));
                    if (!fields[3].isEmpty()) {
                        doc.add(new SortedSetDocValuesFacetField("year", fields[3]));
                    }
                    if (!fields[4].isEmpty()) {
                        doc.add(new SortedSetDocValuesFacetField("venue", fields[4]));
                    }
                    writer.addDocument(facets.build(doc));
                    ++documents;
                }
                writer.commit();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("lucene-peer index: %d documents in %.2f s (%.0f docs/s), index %.1f MiB -> %s%n",
                documents, seconds, documents / seconds, directoryBytes(indexDir) / 1048576.0, indexDir);
        return 0;
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
            return total;
        }
    }

    private static List<String> readQueries(Path file) throws IOException {
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                queries.add(line);
            }
        }
        if (queries.isEmpty()) {
            throw new IOException(file + ": no queries");
        }
        return queries;
    }

    /// Work done per query, so the JIT cannot drop it and runs can be compared.
    private static final class Checksum {
        long hits;
        long facetCounts;
    }

    private static void topTen(IndexSearcher searcher, Query query, Checksum sum) throws IOException {
        TopDocs top = searcher.search(query, TOP_K);
        for (ScoreDoc hit : top.scoreDocs) {
            sum.hits += searcher.doc(hit.doc).get("id").length();
        }
    }

    private static void topTenWithFacets(IndexSearcher searcher, SortedSetDocValuesReaderState state,
            Query query, Checksum sum) throws IOException {
        FacetsCollector collector = new FacetsCollector();
        TopDocs top = FacetsCollector.search(searcher, query, TOP_K, collector);
        for (ScoreDoc hit : top.scoreDocs) {
            sum.hits += searcher.doc(hit.doc).get("id").length();
        }
        Facets counts = new SortedSetDocValuesFacetCounts(state, collector);
        for (String dim : new String[] {"year", "venue"}) {
            FacetResult result = counts.getTopChildren(state.getSize(), dim);
            if (result != null) {
                sum.facetCounts += result.value.longValue();
            }
        }
        sum.hits += top.totalHits.value;
    }

    private interface QueryRun {
        void run(Query query) throws IOException;
    }

    private static void warmUp(List<Query> queries, QueryRun body) throws IOException {
        for (Query query : queries) {
            body.run(query);
        }
    }

    private static double[] timePasses(List<Query> queries, int passes, QueryRun body) throws IOException {
        double[] millis = new double[queries.size() * passes];
        int n = 0;
        for (int pass = 0; pass < passes; ++pass) {
            for (Query query : queries) {
                long start = System.nanoTime();
                body.run(query);
                millis[n++] = (System.nanoTime() - start) / 1e6;
            }
        }
        return millis;
    }

    private static void report(String name, double[] millis, Checksum sum) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (double m : sorted) {
            total += m;
        }
        System.out.printf("%-13s mean %7.2f ms   p50 %7.2f ms   p99 %7.2f ms   (checksum %d/%d)%n", name,
                total / sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99), sum.hits,
                sum.facetCounts);
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static int search(Path indexDir, Path queryFile, int passes) throws IOException, ParseException {
        List<String> texts = readQueries(queryFile);
        try (Analyzer analyzer = new EnglishAnalyzer();
                Directory dir = FSDirectory.open(indexDir);
                DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            long stateStart = System.nanoTime();
            SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, "$facets");
            double stateMillis = (System.nanoTime() - stateStart) / 1e6;
            MultiFieldQueryParser parser = new MultiFieldQueryParser(TEXT_FIELDS, analyzer);
            parser.setDefaultOperator(QueryParser.Operator.OR);
            List<Query> queries = new ArrayList<>();
            for (String text : texts) {
                queries.add(parser.parse(QueryParser.escape(text)));
            }
            System.out.printf("lucene-peer search: %d queries x %d timed passes (after 1 warm-up pass) on %d documents;"
                    + " facet state %.0f ms%n", queries.size(), passes, reader.numDocs(), stateMillis);
            Checksum plain = new Checksum();
            Checksum faceted = new Checksum();
            QueryRun plainRun = q -> topTen(searcher, q, plain);
            QueryRun facetedRun = q -> topTenWithFacets(searcher, state, q, faceted);
            // Both ways warm up (JIT, page cache) before either is timed.
            warmUp(queries, plainRun);
            warmUp(queries, facetedRun);
            plain.hits = 0;
            faceted.hits = 0;
            faceted.facetCounts = 0;
            report("top10", timePasses(queries, passes, plainRun), plain);
            report("top10+facets", timePasses(queries, passes, facetedRun), faceted);
        }
        return 0;
    }
}
