// The Lucene peer of bench/search, against Debian's liblucene8-java (8.8.1).
//
//   search-peer index EXPORT.tsv INDEX_DIR
//   search-peer search INDEX_DIR QUERIES.tsv [--passes N] [--every N] [--tsv FILE]
//
// index: the works exactly as bench-search export wrote them from Peerscope's index (id, title,
// abstract, year, venue id, topic ids): title and abstract as text fields (EnglishAnalyzer, with
// positions), id stored, year as an IntPoint and a facet, venue as a StringField and a facet,
// topics as a multi-valued facet (SortedSet doc values). So both engines count the same buckets.
//
// search: the query file of bench-search (shape, search, filter). Plain-text shapes (claim, words,
// year, venue) are escaped and parsed by the classic MultiFieldQueryParser over title and abstract
// with OR as the default operator; the syntax shapes ("phrase", AND, OR, NOT, prefix*) are parsed
// as written (both syntaxes agree on them). A filter (publication_year:A-B,
// primary_location.source.id:S1) is a FILTER clause. BM25 (Lucene's default). Two variants:
//   top10   the 10 best documents and their stored ids;
//   facets  the same plus exact counts by year, venue and topic over ALL matches
//           (FacetsCollector + SortedSetDocValuesFacetCounts).
// One untimed warm-up pass of each variant, then N timed passes (alternating variants); per shape,
// the medians over passes of each pass's mean, p50 and p99 (nearest rank), of wall time and of the
// thread's CPU time (robust to a busy machine), as bench-search does.
package peerscope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
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
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

public final class SearchPeer {
    private static final int TOP_K = 10;
    private static final int EXPORT_FIELDS = 6;
    private static final String[] TEXT_FIELDS = {"title", "abstract"};
    private static final String[] FACET_DIMS = {"year", "venue", "topic"};
    private static final Set<String> SYNTAX_SHAPES = Set.of("phrase", "and", "or", "not", "wildcard");
    private static final String YEAR_FILTER = "publication_year:";
    private static final String VENUE_FILTER = "primary_location.source.id:";

    private SearchPeer() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("search-peer: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("search-peer: " + e);
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
        return "Usage: search-peer index EXPORT.tsv INDEX_DIR\n"
                + "       search-peer search INDEX_DIR QUERIES.tsv [--passes N] [--every N] [--tsv FILE]";
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
                if (!rest.isEmpty()) {
                    throw new UsageException("unexpected argument '" + rest.get(0) + "'");
                }
                return index(Paths.get(args[1]), Paths.get(args[2]));
            case "search":
                return search(Paths.get(args[1]), Paths.get(args[2]), intOption(rest, "--passes", 3),
                        intOption(rest, "--every", 1), stringOption(rest, "--tsv"));
            default:
                throw new UsageException("unknown mode '" + args[0] + "'");
        }
    }

    private static String stringOption(List<String> options, String name) throws UsageException {
        for (int i = 0; i < options.size(); i += 2) {
            if (i + 1 >= options.size() || !options.get(i).startsWith("--")) {
                throw new UsageException("unexpected argument '" + options.get(i) + "'");
            }
            if (options.get(i).equals(name)) {
                return options.get(i + 1);
            }
        }
        return null;
    }

    private static int intOption(List<String> options, String name, int fallback) throws UsageException {
        String text = stringOption(options, name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " takes a positive whole number, not '" + text + "'");
    }

    private static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        for (String dim : FACET_DIMS) {
            config.setIndexFieldName(dim, "$facets");
        }
        config.setMultiValued("topic", true);
        return config;
    }

    private static int index(Path input, Path indexDir) throws IOException {
        long start = System.nanoTime();
        FacetsConfig facets = facetsConfig();
        long documents = 0;
        try (Analyzer analyzer = new EnglishAnalyzer();
                Directory dir = FSDirectory.open(indexDir);
                BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(64);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                String line;
                long lineNo = 0;
                while ((line = in.readLine()) != null) {
                    ++lineNo;
                    String[] f = line.split("\t", -1);
                    if (f.length != EXPORT_FIELDS) {
                        throw new IOException(input + ":" + lineNo + ": expected " + EXPORT_FIELDS
                                + " TAB-separated fields, got " + f.length);
                    }
                    Document doc = new Document();
                    doc.add(new StringField("id", f[0], Field.Store.YES));
                    doc.add(new TextField("title", f[1], Field.Store.NO));
                    doc.add(new TextField("abstract", f[2], Field.Store.NO));
                    if (!f[3].isEmpty()) {
                        doc.add(new IntPoint("year", Integer.parseInt(f[3])));
                        doc.add(new SortedSetDocValuesFacetField("year", f[3]));
                    }
                    if (!f[4].isEmpty()) {
                        doc.add(new StringField("venue", f[4], Field.Store.NO));
                        doc.add(new SortedSetDocValuesFacetField("venue", f[4]));
                    }
                    if (!f[5].isEmpty()) {
                        for (String topic : new LinkedHashSet<>(Arrays.asList(f[5].split(",")))) {
                            doc.add(new SortedSetDocValuesFacetField("topic", topic));
                        }
                    }
                    writer.addDocument(facets.build(doc));
                    ++documents;
                }
                writer.forceMerge(1);
                writer.commit();
            }
        }
        System.out.printf("search-peer index: %d documents in %.1f s -> %s%n", documents,
                (System.nanoTime() - start) / 1e9, indexDir);
        return 0;
    }

    /// A query of the query file, parsed once.
    private static final class Case {
        final String shape;
        final Query query;

        Case(String shape, Query query) {
            this.shape = shape;
            this.query = query;
        }
    }

    private static Query filterQuery(String filter) throws IOException {
        if (filter.startsWith(YEAR_FILTER)) {
            String range = filter.substring(YEAR_FILTER.length());
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = Integer.parseInt(dash < 0 ? range : range.substring(dash + 1));
            return IntPoint.newRangeQuery("year", from, to);
        }
        if (filter.startsWith(VENUE_FILTER)) {
            return new TermQuery(new Term("venue", filter.substring(VENUE_FILTER.length())));
        }
        throw new IOException("filter '" + filter + "' is not publication_year:A-B or " + VENUE_FILTER + "S1");
    }

    private static List<Case> readQueries(Path file, int every, MultiFieldQueryParser parser)
            throws IOException, ParseException {
        List<Case> cases = new ArrayList<>();
        int index = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            ++lineNo;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (index++ % every != 0) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3) {
                throw new IOException(file + ":" + lineNo + ": expected shape, search, filter");
            }
            String text = SYNTAX_SHAPES.contains(f[0]) ? f[1] : QueryParser.escape(f[1]);
            Query query = parser.parse(text);
            if (!f[2].isEmpty()) {
                query = new BooleanQuery.Builder()
                        .add(query, BooleanClause.Occur.MUST)
                        .add(filterQuery(f[2]), BooleanClause.Occur.FILTER)
                        .build();
            }
            cases.add(new Case(f[0], query));
        }
        if (cases.isEmpty()) {
            throw new IOException(file + ": no queries");
        }
        return cases;
    }

    /// Work done per query (so the JIT cannot drop it) and the match counts.
    private static final class Sink {
        long idChars;
        long[] matches;
    }

    private interface Variant {
        long run(Query query) throws IOException;
    }

    private static long topTen(IndexSearcher searcher, Query query, Sink sink) throws IOException {
        TopDocs top = searcher.search(query, TOP_K);
        for (ScoreDoc hit : top.scoreDocs) {
            sink.idChars += searcher.doc(hit.doc).get("id").length();
        }
        return top.totalHits.value;
    }

    private static long topTenWithFacets(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query query,
            Sink sink) throws IOException {
        FacetsCollector collector = new FacetsCollector();
        TopDocs top = FacetsCollector.search(searcher, query, TOP_K, collector);
        for (ScoreDoc hit : top.scoreDocs) {
            sink.idChars += searcher.doc(hit.doc).get("id").length();
        }
        Facets counts = new SortedSetDocValuesFacetCounts(state, collector);
        for (String dim : FACET_DIMS) {
            FacetResult result = counts.getTopChildren(state.getSize(), dim);
            if (result != null) {
                sink.idChars += result.childCount;
            }
        }
        return top.totalHits.value;
    }

    /// Latencies of one pass over the queries: wall time and the thread's CPU time, in ms.
    private static final class Pass {
        final double[] millis;
        final double[] cpuMillis;

        Pass(int n) {
            millis = new double[n];
            cpuMillis = new double[n];
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static Pass pass(List<Case> cases, Variant variant, long[] matches) throws IOException {
        Pass pass = new Pass(cases.size());
        for (int i = 0; i < cases.size(); ++i) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long count = variant.run(cases.get(i).query);
            pass.millis[i] = (System.nanoTime() - start) / 1e6;
            pass.cpuMillis[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            if (matches != null) {
                matches[i] = count;
            }
        }
        return pass;
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// Latencies of one shape ("all" = every query) in one pass, ascending.
    private static double[] ofShape(List<Case> cases, double[] millis, String shape) {
        List<Double> picked = new ArrayList<>();
        for (int i = 0; i < cases.size(); ++i) {
            if (shape.equals("all") || cases.get(i).shape.equals(shape)) {
                picked.add(millis[i]);
            }
        }
        double[] out = picked.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(out);
        return out;
    }

    private static double mean(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return values.length == 0 ? 0 : total / values.length;
    }

    private static void report(String name, List<Case> cases, Pass warm, List<Pass> passes, long[] matches,
            PrintWriter tsv) {
        Set<String> shapes = new LinkedHashSet<>(
                List.of("claim", "words", "phrase", "and", "or", "not", "year", "venue", "wildcard"));
        Set<String> present = new LinkedHashSet<>();
        for (String s : shapes) {
            for (Case c : cases) {
                if (c.shape.equals(s)) {
                    present.add(s);
                    break;
                }
            }
        }
        for (Case c : cases) {
            present.add(c.shape);
        }
        present.add("all");
        System.out.printf("%n%s%n  %-9s %5s %8s %8s %8s   %9s %9s %8s %8s %10s%n", name, "shape", "n", "mean ms",
                "p50 ms", "p99 ms", "cold mean", "cold p99", "cpu mean", "cpu p99", "matches");
        for (String shape : present) {
            double[] means = new double[passes.size()];
            double[] p50s = new double[passes.size()];
            double[] p99s = new double[passes.size()];
            double[] cpuMeans = new double[passes.size()];
            double[] cpuP99s = new double[passes.size()];
            int n = 0;
            for (int p = 0; p < passes.size(); ++p) {
                double[] sorted = ofShape(cases, passes.get(p).millis, shape);
                n = sorted.length;
                means[p] = mean(sorted);
                p50s[p] = percentile(sorted, 0.50);
                p99s[p] = percentile(sorted, 0.99);
                double[] cpu = ofShape(cases, passes.get(p).cpuMillis, shape);
                cpuMeans[p] = mean(cpu);
                cpuP99s[p] = percentile(cpu, 0.99);
            }
            double[] cold = ofShape(cases, warm.millis, shape);
            double total = 0;
            for (int i = 0; i < cases.size(); ++i) {
                if (shape.equals("all") || cases.get(i).shape.equals(shape)) {
                    total += matches[i];
                }
            }
            System.out.printf("  %-9s %5d %8.2f %8.2f %8.2f   %9.2f %9.2f %8.2f %8.2f %10.0f%n", shape, n,
                    median(means), median(p50s), median(p99s), mean(cold), percentile(cold, 0.99), median(cpuMeans),
                    median(cpuP99s), total / n);
            if (tsv != null) {
                tsv.printf("%s\t%s\t%d\t%f\t%f\t%f\t%f\t%f\t%f\t0\t%f\t%f%n", name, shape, n, median(means),
                        median(p50s), median(p99s), mean(cold), percentile(cold, 0.99), total / n, median(cpuMeans),
                        median(cpuP99s));
            }
        }
        double[] qps = new double[passes.size()];
        for (int p = 0; p < passes.size(); ++p) {
            double seconds = 0;
            for (double m : passes.get(p).millis) {
                seconds += m / 1000;
            }
            qps[p] = cases.size() / seconds;
        }
        System.out.printf("  throughput: %.1f queries/s on 1 thread%n", median(qps));
        if (tsv != null) {
            tsv.printf("%s\tqps_1\t%d\t%f\t\t\t\t\t\t%n", name, cases.size(), median(qps));
        }
    }

    private static int search(Path indexDir, Path queryFile, int passes, int every, String tsvPath)
            throws IOException, ParseException {
        try (Analyzer analyzer = new EnglishAnalyzer();
                Directory dir = FSDirectory.open(indexDir);
                DirectoryReader reader = DirectoryReader.open(dir);
                PrintWriter tsv = tsvPath == null ? null
                        : new PrintWriter(Files.newBufferedWriter(Paths.get(tsvPath), StandardCharsets.UTF_8))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, "$facets");
            MultiFieldQueryParser parser = new MultiFieldQueryParser(TEXT_FIELDS, analyzer);
            parser.setDefaultOperator(QueryParser.Operator.OR);
            List<Case> cases = readQueries(queryFile, every, parser);
            System.out.printf("search-peer search: %d queries, 1 warm-up + %d timed passes per variant, one thread;"
                    + " %d documents%n", cases.size(), passes, reader.numDocs());
            if (tsv != null) {
                tsv.println("variant\tshape\tn\tmean_ms\tp50_ms\tp99_ms\tcold_mean_ms\tcold_p99_ms\tmatches\terrors"
                        + "\tcpu_mean_ms\tcpu_p99_ms");
            }
            Sink sink = new Sink();
            String[] names = {"top10", "facets"};
            Variant[] variants = {q -> topTen(searcher, q, sink), q -> topTenWithFacets(searcher, state, q, sink)};
            long[][] matches = {new long[cases.size()], new long[cases.size()]};
            Pass[] warm = new Pass[2];
            List<List<Pass>> timed = List.of(new ArrayList<>(), new ArrayList<>());
            for (int v = 0; v < 2; ++v) {
                warm[v] = pass(cases, variants[v], matches[v]);
            }
            for (int p = 0; p < passes; ++p) {
                for (int v = 0; v < 2; ++v) {
                    timed.get(v).add(pass(cases, variants[v], null));
                }
            }
            for (int v = 0; v < 2; ++v) {
                // Facet counts are exact (every match is collected); top10 totals may be a lower bound.
                report(names[v], cases, warm[v], timed.get(v), matches[1], tsv);
            }
            System.out.printf("(checksum %d)%n", sink.idChars);
        }
        return 0;
    }
}
