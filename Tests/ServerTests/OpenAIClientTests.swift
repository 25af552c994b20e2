import Foundation
import Generation
import Hummingbird
import HummingbirdTesting
import Pipeline
import QuarryCore
import Server
import Store
import Testing

/// OpenAI's official Python client (from PyPI, installed by Deploy/test-tools.sh) against
/// `/v1/chat/completions` over a real socket: it lists the model, gets a plain and a
/// streamed answer, and the citations reach it through the fields it passes through,
/// with the extractive generator (which always cites) and with SmolLM2 in-process.
@Suite("OpenAI Python client", .serialized)
struct OpenAIClientTests {
    let index: QuarryIndex

    init() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-openai-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("""
            The Eiffel Tower is a wrought-iron lattice tower in Paris, France. It was finished in 1889 \
            for the World's Fair and is 330 metres tall.
            """.utf8).write(to: root.appendingPathComponent("tower.txt"))
        let url = root.appendingPathComponent("index.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [root])
        index = try QuarryIndex.open(url)
    }

    func ask(_ generator: GeneratorKind) async throws -> [String: Any] {
        let factory = PipelineFactory(index: index, generation: GenerationSettings(maxTokens: 48))
        let app = Application(
            router: await QuarryServer.makeRouter(factory: factory, defaults: StageChoice(generator: generator)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        let data = try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await Offload.run {
                try PythonTools.run([PythonTools.fixture("openai_client_check.py"), "http://127.0.0.1:\(port)/v1", "When was the Eiffel Tower finished?"])
            }
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(.timeLimit(.minutes(5))) func theClientGetsCitedAnswersPlainAndStreamed() async throws {
        let result = try await ask(.extractive)
        #expect(result["models"] as? [String] == ["quarry:extractive"])
        #expect((result["plain"] as? String)?.contains("1889") == true)
        let citations = try #require(result["plain_citations"] as? [[String: Any]])
        #expect((citations.first?["document"] as? String)?.hasSuffix("tower.txt") == true)
        #expect(result["plain_flags"] as? [String] == [])
        #expect((result["pieces"] as? [String])?.joined().contains("1889") == true)
        #expect((result["stream_citations"] as? [[String: Any]])?.first?["chunk_id"] is Int)
    }

    @Test(.timeLimit(.minutes(5))) func theClientStreamsTheLocalModelsAnswerTokenByToken() async throws {
        let result = try await ask(.local)
        #expect(result["models"] as? [String] == ["quarry:local", "quarry:extractive"])
        let pieces = try #require(result["pieces"] as? [String])
        #expect(pieces.count > 1, "streamed in pieces")
        // Greedy decoding: the streamed answer is the plain one.
        #expect(pieces.joined().trimmingCharacters(in: .whitespacesAndNewlines) == result["plain"] as? String)
        // The citations field arrives (empty when SmolLM2 cited nothing, which the flags then say).
        let citations = try #require(result["plain_citations"] as? [[String: Any]])
        let flags = try #require(result["plain_flags"] as? [String])
        #expect(!citations.isEmpty || flags.contains("cites_nothing"))
        #expect(result["stream_citations"] is [[String: Any]])
    }
}
