// The relevance mode of the Lucene peer (bench/relevance):
//
//   lucene-peer relevance INDEX_DIR QUERIES.tsv RUN_FILE [--depth N]
//
// Each query (query id<TAB>query text, one a line) runs exactly as in the search mode: the classic
// MultiFieldQueryParser over title and abstract, EnglishAnalyzer, OR as the default operator, the
// text escaped (so it is read as plain words), BM25 with Lucene's defaults (k1 1.2, b 0.75). The
// best N (default 100) documents are written as query<TAB>id<TAB>rank<TAB>score lines.
package peerscope.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

final class LuceneRelevance {
    private static final String[] TEXT_FIELDS = {"title", "abstract"};

    private LuceneRelevance() {}

    static int run(Path indexDir, Path queryFile, Path runFile, int depth) throws IOException, ParseException {
        // Long claims and CACM requests expand to more clauses than the default limit of 1024.
        BooleanQuery.setMaxClauseCount(Integer.MAX_VALUE);
        int count = 0;
        try (Analyzer analyzer = new EnglishAnalyzer();
                Directory dir = FSDirectory.open(indexDir);
                DirectoryReader reader = DirectoryReader.open(dir);
                BufferedWriter out = Files.newBufferedWriter(runFile, StandardCharsets.UTF_8)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            MultiFieldQueryParser parser = new MultiFieldQueryParser(TEXT_FIELDS, analyzer);
            parser.setDefaultOperator(QueryParser.Operator.OR);
            for (String line : Files.readAllLines(queryFile, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IOException(queryFile + ": expected id<TAB>text, got '" + line + "'");
                }
                String id = line.substring(0, tab);
                TopDocs top = searcher.search(parser.parse(QueryParser.escape(line.substring(tab + 1))), depth);
                int rank = 0;
                for (ScoreDoc hit : top.scoreDocs) {
                    out.write(id + "\t" + searcher.doc(hit.doc).get("id") + "\t" + (++rank) + "\t" + hit.score + "\n");
                }
                ++count;
            }
        }
        System.out.printf("lucene-peer relevance: %d queries -> %s%n", count, runFile);
        return 0;
    }
}
