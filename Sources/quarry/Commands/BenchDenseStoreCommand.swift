import ArgumentParser
import DenseIndex
import Embedding
import Foundation
import Loaders
import Pipeline
import QuarryCore
import SparseIndex
import Store

/// `quarry bench dense-store`: the dense index at scale, through the index file as a
/// user's would be: N vectors written through the store, trained and encoded by the
/// same maintainer `quarry index` runs, reopened and searched by `QuarryIndex`.
struct BenchDenseStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dense-store",
        abstract: "Benchmark the dense index of an index file at scale (write, train, open, search, recall).",
        discussion: """
        Vectors are real MiniLM vectors recombined: the first --pool lines of --sentences are \
        embedded with the local encoder, and each of the N vectors is the normalised sum of \
        --mix of them drawn at random (seeded), as a passage is a few sentences. Queries are \
        the first --queries lines of --questions, embedded by the same encoder; ground truth \
        is the exact top 10 by inner product over all N, computed while writing. With \
        --passages, each vector's chunk carries the next passage of that BEIR corpus as its \
        text, analysed and sealed for BM25 as `quarry index` does, so the file holds both \
        indexes at N (for `quarry serve --retriever hybrid` at scale).
        """
    )

    @Option(help: "The index file to create (must not exist).")
    var index: String

    @Option(help: "Number of vectors.")
    var count: Int = 1_000_000

    @Option(help: "A text file of sentences, one a line (e.g. from Benchmarks/scale-corpus.py's corpus).")
    var sentences: String

    @Option(help: "A text file of questions, one a line.")
    var questions: String

    @Option(help: "Sentences embedded and recombined.")
    var pool: Int = 4096

    @Option(help: "Sentence vectors summed into each vector.")
    var mix: Int = 7

    @Option(help: "Questions searched.")
    var queries: Int = 200

    @Option(help: "The dense spec; default: the one `quarry index` picks for N vectors.")
    var spec: String?

    @Option(help: "BEIR corpus .jsonl files whose passages become the chunks' text (BM25 beside the vectors).")
    var passages: [String] = []

    func validate() throws {
        guard count >= 1, pool >= 1, mix >= 1, queries >= 1 else {
            throw ValidationError("--count, --pool, --mix and --queries must be at least 1")
        }
        guard !FileManager.default.fileExists(atPath: index) else {
            throw ValidationError("--index \(index) exists; name a new file")
        }
        if let spec { do { _ = try IndexSpec(parsing: spec) } catch { throw ValidationError("--spec: \(error)") } }
    }

    func run() async throws {
        let embedder = try LocalBertEmbedder()
        let poolTexts = Array(try TextFile.texts(from: sentences).prefix(pool))
        let questionTexts = Array(try TextFile.texts(from: questions).prefix(queries))
        var started = Date()
        let poolVectors = try await embedder.embed(poolTexts)
        let queryVectors = try await embedder.embed(questionTexts)
        Output.status(String(format: "bench dense-store: embedded %d sentences and %d questions in %.1f s",
                             poolVectors.count, queryVectors.count, Date().timeIntervalSince(started)))
        let dimension = embedder.dimensions
        let queryMatrix = try VectorMatrix(rows: queryVectors, dimension: dimension)

        let url = URL(fileURLWithPath: index)
        let store = try QuarryStore(url: url, create: true)
        var texts = try PassageStream(files: passages)
        let words = try IngestPipeline(store: store, settings: IndexSettings(), models: ChunkingModels())
        let analyzer = Analyzer()
        var random = SeededGenerator(seed: 24)
        var truth = Array(repeating: TopKHeap(capacity: 10), count: queryVectors.count)
        started = Date()
        var exactSeconds = 0.0
        let batch = 10_000
        for start in stride(from: 0, to: count, by: batch) {
            let end = min(start + batch, count)
            var vectors: [[Float]] = []
            vectors.reserveCapacity(end - start)
            for _ in start..<end {
                var sum = [Float](repeating: 0, count: dimension)
                for _ in 0..<mix {
                    let vector = poolVectors[Int.random(in: 0..<poolVectors.count, using: &random)]
                    for d in 0..<dimension { sum[d] += vector[d] }
                }
                let norm = max(sum.reduce(0) { $0 + $1 * $1 }.squareRoot(), .leastNormalMagnitude)
                vectors.append(sum.map { $0 / norm })
            }
            var documents: [NewDocument] = []
            for (offset, vector) in vectors.enumerated() {
                let text = try await texts.next() ?? ""
                let terms = analyzer.termFrequencies(text)
                documents.append(NewDocument(externalID: "v\(start + offset)", title: nil, byteCount: text.utf8.count, chunks: [
                    NewChunk(byteStart: 0, byteEnd: text.utf8.count, text: text, tokenCount: 0,
                             termFrequencies: terms.frequencies, termCount: terms.length, vector: vector),
                ]))
            }
            let chunkIDs: [Int64]
            if start == 0 {
                chunkIDs = try store.replace(NewSource(
                    path: "bench:dense", format: "jsonl", sha256: "bench", byteCount: 0, modified: Date(), settings: "bench",
                    documents: documents
                ))
            } else {
                chunkIDs = try store.append(documents, toSource: "bench:dense")
            }
            if !passages.isEmpty { try words.sealWrittenChunks() }
            let exactStart = Date()
            var exact = try FlatIndex(dimension: dimension, metric: .innerProduct)
            try exact.add(ids: chunkIDs, vectors: VectorMatrix(rows: vectors, dimension: dimension))
            for (row, found) in try exact.search(queries: queryMatrix, k: 10).enumerated() {
                for neighbor in found { truth[row].offer(ScoredID(id: neighbor.id, score: neighbor.score)) }
            }
            exactSeconds += Date().timeIntervalSince(exactStart)
        }
        let writeSeconds = Date().timeIntervalSince(started) - exactSeconds
        Output.status(String(format: "bench dense-store: wrote %d vectors in %.1f s (exact search %.1f s)", count,
                             writeSeconds, exactSeconds))

        started = Date()
        let maintainer = DenseIndexMaintainer(store: store, spec: try spec.map { try IndexSpec(parsing: $0) })
        guard let outcome = try maintainer.refresh() else { throw ValidationError("no vectors were written") }
        let trainSeconds = Date().timeIntervalSince(started)
        let buildPeak = ResidentMemory.peakMegabytes()
        Output.status(String(format: "bench dense-store: %@ trained and encoded in %.1f s", outcome.spec, trainSeconds))

        let before = ResidentMemory.megabytes()
        started = Date()
        let opened = try QuarryIndex.open(url, kind: .dense, embedder: QuestionTable(texts: questionTexts, vectors: queryVectors))
        let openSeconds = Date().timeIntervalSince(started)
        let openedMegabytes = ResidentMemory.megabytes() - before
        var latencies: [Double] = []
        var recall = 0.0
        for (row, question) in questionTexts.enumerated() {
            let searchStart = Date()
            let found = try await opened.rank(question, k: 10)
            latencies.append(Date().timeIntervalSince(searchStart) * 1000)
            let exact = Set(truth[row].unordered.map(\.id))
            recall += Double(found.filter { exact.contains($0.id) }.count) / Double(max(1, exact.count))
        }
        latencies.sort()
        let report: [String: Any] = [
            "vectors": count, "dimension": dimension, "spec": outcome.spec, "pool": poolVectors.count, "mix": mix,
            "queries": questionTexts.count, "write_s": writeSeconds.rounded(toPlaces: 1),
            "train_and_encode_s": trainSeconds.rounded(toPlaces: 1), "build_peak_rss_mb": buildPeak.rounded(toPlaces: 0),
            "open_s": openSeconds.rounded(toPlaces: 2), "open_rss_growth_mb": openedMegabytes.rounded(toPlaces: 0),
            "query_p50_ms": latencies[latencies.count / 2].rounded(toPlaces: 2),
            "query_p99_ms": latencies[Int(0.99 * Double(latencies.count - 1))].rounded(toPlaces: 2),
            "recall@10": (recall / Double(questionTexts.count)).rounded(toPlaces: 4),
            "file_mb": (Double((try FileManager.default.attributesOfItem(atPath: index)[.size] as? Int) ?? 0) / 1e6)
                .rounded(toPlaces: 0),
        ]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// The bench's questions, already embedded: the "embedder" `QuarryIndex` asks for a
/// question's vector, so the search measured is the index's alone.
private struct QuestionTable: Embedder {
    let vectors: [String: [Float]]
    let dimensions: Int
    let modelName = "bench-question-table"

    init(texts: [String], vectors: [[Float]]) {
        self.vectors = Dictionary(zip(texts, vectors), uniquingKeysWith: { first, _ in first })
        dimensions = vectors.first?.count ?? 0
    }

    func embed(_ texts: [String]) throws -> [[Float]] {
        try texts.map { text in
            guard let vector = vectors[text] else { throw ValidationError("no vector for \(text)") }
            return vector
        }
    }
}

/// The passages of BEIR corpus files in order, one at a time; nil once all are read.
private struct PassageStream {
    private var files: [String]
    private var reader: BEIRCorpusReader?
    private var buffered: [String] = []

    init(files: [String]) throws {
        self.files = files.reversed()
    }

    mutating func next() async throws -> String? {
        while buffered.isEmpty {
            if reader == nil {
                guard let file = files.popLast() else { return nil }
                reader = try BEIRCorpusReader(path: FileSystemPath(file), maxRecordBytes: 1 << 20)
            }
            let documents = try await reader!.next(maxDocuments: 4096, maxTextBytes: 32 << 20) { _ in [] }
            if documents.isEmpty { reader = nil }
            buffered = documents.map(\.text).reversed()
        }
        return buffered.popLast()
    }
}
