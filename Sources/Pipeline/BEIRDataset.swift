import QuarryCore
import Foundation

/// A BEIR-format retrieval set: `corpus.jsonl`, `queries.jsonl` and `qrels/SPLIT.tsv`.
public struct BEIRDataset: Sendable {
    public struct Query: Sendable {
        public var id: String
        public var text: String
    }

    public let corpus: URL
    /// The judged queries, in file order.
    public let queries: [Query]
    /// Query id → document id → graded relevance (> 0 is relevant).
    public let qrels: [String: [String: Int]]

    /// Loads the folder `directory`. Without explicit files, the qrels come from
    /// `qrels/SPLIT.tsv`; with no split given, the folder's only split (or `test`).
    public init(directory: URL, split: String? = nil, queriesFile: URL? = nil, qrelsFile: URL? = nil) throws {
        corpus = directory.appendingPathComponent("corpus.jsonl")
        guard FileManager.default.fileExists(atPath: corpus.path) else {
            throw QuarryError(.invalidInput, "\(corpus.path) not found: a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/")
        }
        let qrelsURL = try qrelsFile ?? Self.qrelsFile(in: directory, split: split)
        let judged = try Self.readQrels(qrelsURL)
        let all = try Self.readQueries(queriesFile ?? directory.appendingPathComponent("queries.jsonl"))
        qrels = judged
        queries = all.filter { judged[$0.id]?.values.contains { $0 > 0 } == true }
        guard !queries.isEmpty else {
            throw QuarryError(.invalidInput, "no query in the queries file has a relevant document in \(qrelsURL.path)")
        }
    }

    private static func qrelsFile(in directory: URL, split: String?) throws -> URL {
        let folder = directory.appendingPathComponent("qrels")
        if let split { return folder.appendingPathComponent("\(split).tsv") }
        let splits = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".tsv") }.sorted()
        if splits.count == 1 { return folder.appendingPathComponent(splits[0]) }
        if splits.contains("test.tsv") { return folder.appendingPathComponent("test.tsv") }
        throw QuarryError(
                .invalidInput,
            "choose a split with --split (found: \(splits.isEmpty ? "none" : splits.joined(separator: ", ")) in \(folder.path))"
        )
    }

    private static func readQrels(_ url: URL) throws -> [String: [String: Int]] {
        var qrels: [String: [String: Int]] = [:]
        for (offset, (number, line)) in try NumberedLines.read(url).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, let score = Int(fields[fields.count - 1].trimmingCharacters(in: .whitespaces)) else {
                if offset == 0 { continue }  // the header line
                throw QuarryError(.invalidInput, "\(url.path) line \(number): expected query-id<TAB>corpus-id<TAB>score")
            }
            qrels[String(fields[0]), default: [:]][String(fields[1])] = score
        }
        return qrels
    }

    private static func readQueries(_ url: URL) throws -> [Query] {
        try NumberedLines.read(url).map { number, line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let id = (object["_id"] as? String) ?? (object["_id"] as? Int).map(String.init),
                let text = object["text"] as? String
            else {
                throw QuarryError(.invalidInput, "\(url.path) line \(number): expected {\"_id\": …, \"text\": …}")
            }
            return Query(id: id, text: text)
        }
    }
}
