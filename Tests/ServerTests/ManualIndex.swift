import Foundation
import Pipeline
import Store

/// A BM25 index over one small manual page (a partial index; VACUUM) in a fresh folder:
/// what the HTTP API and chat-completion suites ask their questions of.
enum ManualIndex {
    static func open() async throws -> QuarryIndex {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-manual-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("""
            A partial index is an index built over a subset of a table. The subset is defined by a predicate.
            VACUUM reclaims storage occupied by dead tuples.
            """.utf8).write(to: root.appendingPathComponent("manual.txt"))
        let url = root.appendingPathComponent("index.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [root])
        return try QuarryIndex.open(url)
    }
}
