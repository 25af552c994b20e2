import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import Server
import Store

/// A small BM25 index over two text files in a fresh folder, and a server over it
/// with the given settings.
struct ServerFixture {
    let root: URL
    let url: URL
    let index: QuarryIndex
    let metrics = ServerMetrics()

    init() async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-ops-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("A partial index is an index built over a subset of a table, defined by a predicate.".utf8)
            .write(to: docs.appendingPathComponent("indexes.txt"))
        try Data("VACUUM reclaims storage occupied by dead tuples.".utf8).write(to: docs.appendingPathComponent("vacuum.txt"))
        url = root.appendingPathComponent("index.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [docs])
        index = try QuarryIndex.open(url)
    }

    func application(_ settings: ServerSettings = ServerSettings()) async -> some ApplicationProtocol {
        Application(
            router: await QuarryServer.makeRouter(factory: PipelineFactory(index: index), settings: settings, metrics: metrics),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }
}

extension TestClientProtocol {
    /// POSTs `json` with `Content-Type: application/json` (and `headers`).
    func postJSON(
        _ uri: String, _ json: String, headers: HTTPFields = [:], check: @escaping @Sendable (TestResponse) throws -> Void
    ) async throws {
        var headers = headers
        headers[.contentType] = "application/json"
        try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json)) { try check($0) }
    }
}
