import Foundation
import Glibc
import PostgresStore
import PostgresTestSupport
import Store
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Two `quarry serve` processes on one PostgreSQL database, as a team runs them behind a
/// load balancer: either node takes writes, and each answers from its own in-memory
/// state kept current from the database's change log. The tests skip, saying how to run
/// them, without `QUARRY_TEST_POSTGRES_URL`.
@Suite("Two serve nodes on one PostgreSQL", .serialized)
struct TwoNodeServeTests {
    let quarry: QuarryBinary
    let root: URL

    init() throws {
        quarry = try QuarryBinary()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-nodes-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("VACUUM reclaims storage occupied by dead tuples. Checkpoints flush dirty pages.\n".utf8)
            .write(to: docs.appendingPathComponent("vacuum.txt"))
    }

    /// Guards the node-to-node path: a document posted to one node is retrieved by the
    /// other within a second, its deletion through the other node likewise; and twenty
    /// writes of one document id spread over both nodes at once leave one document.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func eachNodeSeesTheOthersWrites() async throws {
        try await withTwoNodes { database, nodes in
            let bases = nodes.bases
            let (first, second) = (bases[0], bases[1])
            let question = "How does a sourdough starter leaven bread?"

            #expect(try await Self.write(first, id: "bread", text: "A sourdough starter leavens bread with wild yeast.").0 == 201)
            let seen = try await secondsUntil({ try await Self.documents(second, question).contains("api:bread") })
            #expect(seen != nil && seen! <= 1, "the other node retrieved the posted document after \(seen.map { "\($0) s" } ?? "never")")

            #expect(try await Self.delete(second, id: "bread") == 204)
            let gone = try await secondsUntil({ try await !Self.documents(first, question).contains("api:bread") })
            #expect(gone != nil && gone! <= 1, "the first node dropped the deleted document after \(gone.map { "\($0) s" } ?? "never")")

            try await withThrowingTaskGroup(of: Int.self) { group in
                for write in 0..<20 {
                    group.addTask {
                        try await Self.write(bases[write % 2], id: "same", text: "Write \(write) of one document about replication slots.").0
                    }
                }
                for try await status in group { #expect(status == 201) }
            }
            let store = try await PostgresStore.open(database, create: false)
            let sources = try await store.sources().filter { $0.path == "api:same" }
            #expect(sources.count == 1)
            #expect(try await store.documentCount(ofSource: "api:same") == 1, "one document, not a mix of writes")
            await store.close()
        }
    }

    /// Guards a node through a PostgreSQL outage: with the server stopped for ten
    /// seconds, both nodes answer every query from their own state (flagged stale in
    /// `/readyz`), writes are 503 with `Retry-After`; once it is back, a write through
    /// either node succeeds without restarting it, and the other node answers with it.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func nodesAnswerWhilePostgresIsDownAndWriteOnceItIsBack() async throws {
        let url = try PostgresTestServer.url()
        guard (try? PostgresTestServer.control("url")) == url else {
            Issue.record("QUARRY_TEST_POSTGRES_URL is not the Deploy/postgres.sh cluster, which this test stops and starts")
            return
        }
        var stopped = false
        defer { if stopped { _ = try? PostgresTestServer.control("start") } }
        try await withTwoNodes { _, nodes in
            let bases = nodes.bases
            let question = "What does VACUUM reclaim?"
            for base in bases { #expect(try await Self.documents(base, question).count == 1) }

            try PostgresTestServer.control("stop")
            stopped = true
            let outage = ContinuousClock.now
            var reads = 0, failed = 0
            while ContinuousClock.now - outage < .seconds(10) {
                for base in bases {
                    reads += 1
                    if (try? await Self.documents(base, question).count) != 1 { failed += 1 }
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(reads > 20 && failed == 0, "\(failed) of \(reads) reads failed while PostgreSQL was down")
            let (status, retryAfter) = try await Self.write(bases[0], id: "during", text: "Written during the outage.")
            #expect(status == 503 && retryAfter != nil, "a write while PostgreSQL is down: \(status)")
            let ready = try await Self.json(bases[1], "readyz")
            #expect(ready["stale"] as? Bool == true && ready["writes"] as? String == "unavailable", "\(ready)")

            try PostgresTestServer.control("start")
            stopped = false
            let written = try await secondsUntil({
                try await Self.write(bases[0], id: "after", text: "Logical replication slots keep WAL for subscribers.").0 == 201
            })
            #expect(written != nil, "a write succeeds by itself once PostgreSQL is back")
            let seen = try await secondsUntil({
                try await Self.documents(bases[1], "What do replication slots keep?").contains("api:after")
            })
            #expect(seen != nil, "the other node answers with it")
            #expect(try await Self.json(bases[1], "readyz")["stale"] == nil, "no longer stale")
        }
    }

    /// Guards a node killed while it writes: a large document posted to a node killed
    /// (SIGKILL) a tenth, half and nine tenths of the way through the time a whole write
    /// takes is, in the database the other node reads, absent or whole (as many chunks as
    /// the same text written in full), never half-written; the other node goes on
    /// answering, and a new node takes the killed one's place.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func aNodeKilledMidWriteLeavesTheDocumentWholeOrAbsent() async throws {
        try await withTwoNodes { database, nodes in
            let text = (0..<40_000).map { "Sentence \($0) says that checkpoint \($0 % 97) flushes dirty page \($0)." }
                .joined(separator: " ")
            let started = ContinuousClock.now
            let (status, _) = try await Self.write(nodes.bases[1], id: "reference", text: text)
            try #require(status == 201)
            // Kills at a tenth, half and nine tenths of the time a whole write takes here.
            let took = ContinuousClock.now - started
            let store = try await PostgresStore.open(database, create: false)
            let whole = try #require(try await store.sourceList(offset: 0, limit: 10).sources.first { $0.path == "api:reference" })
            var outcomes: [String] = []
            for (number, fraction) in [0.1, 0.5, 0.9].enumerated() {
                let id = "killed-\(number)"
                let target = nodes.bases[0]
                let write = Task { try? await Self.write(target, id: id, text: text) }
                try await Task.sleep(for: took * fraction)
                nodes.kill(0)
                _ = await write.value
                let found = try await store.sourceList(offset: 0, limit: 10).sources.first { $0.path == "api:\(id)" }
                if let found {
                    #expect(found.documents == 1 && found.chunks == whole.chunks, "half-written: \(found) of \(whole)")
                }
                outcomes.append(found == nil ? "absent" : "whole")
                // The other node still answers and writes; a new node takes the killed one's place.
                #expect(try await Self.documents(nodes.bases[1], "Which checkpoint flushes dirty page 12?").count > 0)
                try await nodes.start(replacing: 0)
            }
            #expect(outcomes.contains("absent"), "some kill landed before the commit: \(outcomes)")
            await store.close()
        }
    }

    /// Indexes the notes into a new database, starts two BM25 nodes on it and runs
    /// `body`; the nodes are stopped and the database dropped afterwards, whatever
    /// `body` does.
    func withTwoNodes(_ body: (PostgresLocation, ServeNodes) async throws -> Void) async throws {
        try await PostgresTestServer.withDatabase { database in
            let indexed = try quarry.run(["index", "docs", "--index", database.testURL, "--embedder", "none"], in: root)
            try #require(indexed.status == 0, "\(indexed.stderr)")
            let nodes = ServeNodes(quarry: quarry, root: root, index: database.testURL)
            defer { nodes.stop() }
            for _ in 0..<2 { try await nodes.start() }
            try await body(database, nodes)
        }
    }

    /// Posts the document `id` with `text` to `base`: the status and `Retry-After`.
    static func write(_ base: URL, id: String, text: String) async throws -> (Int, String?) {
        var request = URLRequest(url: base.appendingPathComponent("v1/documents"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["id": id, "text": text])
        let (_, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Retry-After"))
    }

    /// The JSON object `GET path` on `base` answers.
    static func json(_ base: URL, _ path: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: base.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not JSON: \(data)")
    }

    /// The documents a BM25 query for `question` to `base` retrieves.
    static func documents(_ base: URL, _ question: String) async throws -> [String] {
        var request = URLRequest(url: base.appendingPathComponent("v1/query"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body = ["question": question, "retriever": "bm25", "generator": "none"]
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, _) = try await URLSession.shared.data(for: request)
        let answer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not JSON: \(data)")
        return (answer["retrieved"] as? [[String: Any]] ?? []).compactMap { $0["document"] as? String }
    }

    /// The status of deleting the pushed document `id` through `base`.
    static func delete(_ base: URL, id: String) async throws -> Int {
        var request = URLRequest(url: base.appendingPathComponent("v1/documents/\(id)"))
        request.httpMethod = "DELETE"
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}

/// `quarry serve` processes on one index (BM25, no embedder), by their addresses.
final class ServeNodes {
    let quarry: QuarryBinary
    let root: URL
    let index: String
    private(set) var processes: [Process] = []
    private(set) var bases: [URL] = []

    init(quarry: QuarryBinary, root: URL, index: String) {
        self.quarry = quarry
        self.root = root
        self.index = index
    }

    /// Starts a node and waits until it answers `/healthz`: a new one, or in the place of
    /// node `replacing`.
    func start(replacing: Int? = nil) async throws {
        let port = try freePort()
        let process = try quarry.start(
            ["serve", "--index", index, "--port", String(port), "--embedder", "none", "--retriever", "bm25"], in: root
        )
        let base = try #require(try await servedAddress(port: port), "a node did not answer /healthz within 30 s")
        if let replacing {
            processes[replacing] = process
            bases[replacing] = base
        } else {
            processes.append(process)
            bases.append(base)
        }
    }

    /// Kills node `number` with SIGKILL and waits for it to end.
    func kill(_ number: Int) {
        Glibc.kill(processes[number].processIdentifier, SIGKILL)
        processes[number].waitUntilExit()
    }

    /// Stops every node (SIGTERM) and waits for them.
    func stop() {
        for process in processes where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
