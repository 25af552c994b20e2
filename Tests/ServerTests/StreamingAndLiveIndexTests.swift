import Foundation
import Generation
import Hummingbird
import HummingbirdTesting
import Pipeline
import QuarryCore
import Selection
import Server
import Store
import Testing

/// The server over a real socket: answers stream as server-sent events as they are
/// produced, a client that hangs up stops the generator, and documents indexed or
/// deleted while the server runs are answered from without a restart.
@Suite("HTTP streaming and the live index", .serialized)
struct StreamingAndLiveIndexTests {
    let root: URL
    let url: URL

    init() async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-live-http-\(UUID().uuidString)")
        url = root.appendingPathComponent("index.quarry")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try write("docs/vacuum.txt", "VACUUM reclaims storage occupied by dead tuples. Autovacuum runs it automatically.")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [docs])
    }

    var docs: URL { root.appendingPathComponent("docs") }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(path))
    }

    func application(_ pipeline: QueryPipeline, _ index: QuarryIndex) async -> some ApplicationProtocol {
        Application(
            router: await QuarryServer.makeRouter(factory: FixedPipeline(index: index, fixed: pipeline)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    @Test func aStreamedAnswerArrivesAsEventsEndingWithTheWholeResult() async throws {
        let index = try QuarryIndex.open(url)
        try await application(QueryPipeline(index: index), index).test(.live) { client in
            let port = try #require(client.port)
            let events: [(name: String, data: String)] = try await Offload.run {
                let socket = try RawHTTPClient(port: port)
                try socket.post("/v1/query", json: #"{"question": "What does VACUUM reclaim?", "stream": true}"#)
                var events: [(name: String, data: String)] = []
                while let event = try socket.nextEvent() {
                    events.append(event)
                    if event.name == "done" || event.name == "error" { break }
                }
                return events
            }
            #expect(events.map(\.name).first == "retrieved")
            #expect(events.map(\.name).contains("selected"))
            #expect(events.map(\.name).contains("token"))
            let done = try #require(events.last)
            #expect(done.name == "done")
            let result = try JSONSerialization.jsonObject(with: Data(done.data.utf8)) as? [String: Any]
            #expect((result?["answer"] as? String)?.contains("VACUUM reclaims storage") == true)
            #expect((result?["citations"] as? [Any])?.isEmpty == false)
        }
    }

    /// A generator that never ends on its own: the client reads three tokens and hangs
    /// up, and the generator's loop must observe the cancellation.
    @Test func aClientThatHangsUpStopsTheGenerator() async throws {
        let index = try QuarryIndex.open(url)
        let generator = TickingGenerator()
        let pipeline = QueryPipeline(retriever: index.retriever, selector: GreedySelector(), generator: generator)
        try await application(pipeline, index).test(.live) { client in
            let port = try #require(client.port)
            let tokens: Int = try await Offload.run {
                let socket = try RawHTTPClient(port: port)
                try socket.post("/v1/query", json: #"{"question": "vacuum", "stream": true}"#)
                var tokens = 0
                while tokens < 3, let event = try socket.nextEvent() {
                    if event.name == "token" { tokens += 1 }
                }
                socket.hangUp()
                return tokens
            }
            #expect(tokens == 3)
            let deadline = ContinuousClock.now + .seconds(20)
            while !generator.state.stopped, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(generator.state.stopped)
        }
    }

    /// Files indexed and deleted by another writer while the server answers: every
    /// answer comes from one generation (the flipping file contributes exactly one
    /// version), new files are found, deleted ones are gone, and nothing is a 500.
    @Test func theServerAnswersFromTheCurrentIndexWhileItChanges() async throws {
        let index = try QuarryIndex.open(url)
        try write("docs/lighthouse.txt", "Alpha version: the lighthouse keeper logs every passing ship in the ledger.")
        let store = try QuarryStore(url: url, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [docs])
        try await application(QueryPipeline(index: index), index).test(.live) { client in
            // The writer runs on Quarry's threads; it and the queries take turns (three
            // queries, one rewrite, three queries, …), so however slow either side is,
            // the queries see more than one generation.
            let progress = WriterProgress()
            let writer = Task { [root, docs] in
                try await Offload.onThreads {
                    let store = try QuarryStore(url: root.appendingPathComponent("index.quarry"), create: true)
                    for round in 1...20 {
                        progress.waitForQueries(atLeast: 3 * round)
                        let text = round % 2 == 0
                            ? "Alpha version: the lighthouse keeper logs every passing ship in the ledger."
                            : "Beta version: the lighthouse keeper paints the ledger blue every spring."
                        try Data(text.utf8).write(to: docs.appendingPathComponent("lighthouse.txt"))
                        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [docs])
                        progress.finishedRound()
                    }
                }
            }
            var generations: Set<Int> = []
            for query in 1...60 {
                try await client.execute(
                    uri: "/v1/query", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"question": "lighthouse keeper ledger", "top_k": 5}"#)
                ) { response in
                    #expect(response.status == .ok)
                    let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    let retrieved = json?["retrieved"] as? [[String: Any]] ?? []
                    let versions = retrieved.compactMap { $0["text"] as? String }.filter { $0.contains("lighthouse") }
                    #expect(versions.count == 1, "\(versions)")
                    if let generation = json?["index_generation"] as? Int { generations.insert(generation) }
                }
                progress.queried()
                if query % 3 == 0 { try await Offload.run { progress.waitForRounds(atLeast: query / 3) } }
            }
            try await writer.value

            // After the writer: a new file is found and a deleted one is gone.
            try write("docs/checkpoint.txt", "A checkpoint flushes dirty pages to disk.")
            try FileManager.default.removeItem(at: docs.appendingPathComponent("vacuum.txt"))
            _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [docs])
            try await client.execute(
                uri: "/v1/query", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"question": "checkpoint dirty pages vacuum dead tuples"}"#)
            ) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("checkpoint.txt"))
                #expect(!text.contains("vacuum.txt"))
            }
            #expect(generations.count > 1)
        }
    }
}

/// Lets a writer thread and the queries take turns.
private final class WriterProgress: @unchecked Sendable {
    private let condition = NSCondition()
    private var queries = 0
    private var rounds = 0

    func queried() {
        condition.withLock { queries += 1 }
        condition.broadcast()
    }

    func finishedRound() {
        condition.withLock { rounds += 1 }
        condition.broadcast()
    }

    /// Blocks until the writer has finished `count` rounds (or 30 s have passed).
    func waitForRounds(atLeast count: Int) {
        let deadline = Date().addingTimeInterval(30)
        condition.lock()
        while rounds < count, condition.wait(until: deadline) {}
        condition.unlock()
    }

    /// Blocks until `count` queries have run (or 30 s have passed).
    func waitForQueries(atLeast count: Int) {
        let deadline = Date().addingTimeInterval(30)
        condition.lock()
        while queries < count, condition.wait(until: deadline) {}
        condition.unlock()
    }
}

/// Records whether the generator's loop ended.
private final class GeneratorState: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var stopped: Bool { lock.withLock { value } }
    func stop() { lock.withLock { value = true } }
}

/// Yields a token every 5 ms until cancelled.
private struct TickingGenerator: Generator {
    let name = "ticking"
    let state = GeneratorState()

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let state = state
        return AsyncThrowingStream { continuation in
            let task = Task {
                defer { state.stop() }
                while !Task.isCancelled {
                    continuation.yield(.text("tick "))
                    try? await Task.sleep(for: .milliseconds(5))
                }
                continuation.finish(throwing: CancellationError())
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
