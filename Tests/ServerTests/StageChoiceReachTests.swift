import Foundation
import Generation
import Hummingbird
import HummingbirdTesting
import Pipeline
import QuarryCore
import Selection
import Server
import Testing

/// Every ``StageChoice`` field can be set from `/v1/query` and from chat completions,
/// and a chat request's sampling options keep the pipeline's compression threshold.
@Suite("Stage choice over HTTP")
struct StageChoiceReachTests {
    let index: QuarryIndex

    init() async throws {
        index = try await ManualIndex.open()
    }

    /// A value other than the default for each field of `StageChoice`, as JSON request
    /// fields. A field added to `StageChoice` without an entry here fails the test below,
    /// so it cannot ship without a way to set it over HTTP.
    static let fields: [String: String] = [
        "selector": #""selector": "mcts""#,
        "compression": #""compression": 3"#,
        "compressionMethod": #""compression_method": "live""#,
        "generator": #""generator": "openai""#,
        "retriever": #""retriever": "bm25""#,
    ]

    /// Guards against a field dropped on the way from request to pipeline (as
    /// `compression_method` was on `/v1/query`, and every stage field on chat
    /// completions): each field of `StageChoice`, found by reflection, set alone in a
    /// request, reaches the pipeline factory changed, on both routes.
    @Test func everyStageChoiceFieldIsReachableFromBothRoutes() async throws {
        let defaults = StageChoice()
        let labels = Mirror(reflecting: defaults).children.compactMap(\.label)
        #expect(Set(labels) == Set(Self.fields.keys), "the table lists exactly StageChoice's fields")
        for field in labels {
            let json = try #require(Self.fields[field], "StageChoice.\(field) has no request field; add one")
            let source = RecordingSource(index: index)
            let app = Application(router: await QuarryServer.makeRouter(factory: source, defaults: defaults))
            try await app.test(.router) { client in
                for (uri, body) in [
                    ("/v1/query", #"{"question": "What does VACUUM reclaim?", \#(json)}"#),
                    ("/v1/chat/completions", #"{"messages": [{"role": "user", "content": "VACUUM?"}], \#(json)}"#),
                ] {
                    try await client.execute(
                        uri: uri, method: .post, headers: [.contentType: "application/json"],
                        body: ByteBuffer(string: body)
                    ) { response in
                        #expect(response.status == .ok, "\(uri) \(json): \(String(buffer: response.body))")
                    }
                    let chosen = try #require(source.last, "\(uri) built no pipeline")
                    #expect(
                        Self.value(field, of: chosen) != Self.value(field, of: defaults),
                        "\(uri) dropped \(json)"
                    )
                }
            }
        }
    }

    /// The field named `label` of `choice`, as text.
    static func value(_ label: String, of choice: StageChoice) -> String {
        String(describing: Mirror(reflecting: choice).children.first { $0.label == label }?.value)
    }

    /// Guards the chat path that rebuilt the pipeline for `temperature`/`max_tokens` and
    /// lost its compression minimum: the compressor here throws when it runs, and the
    /// context (a few dozen tokens) is far below the minimum, so a 200 means it did not.
    @Test func samplingOptionsKeepTheCompressionMinimum() async throws {
        let pipeline = QueryPipeline(
            retriever: index.retriever, selector: GreedySelector(), compressor: RefusingCompressor(),
            compressionMinimumTokens: 100_000, generator: SettingsEchoGenerator(settings: GenerationSettings())
        )
        let app = Application(router: await QuarryServer.makeRouter(factory: FixedPipeline(index: index, fixed: pipeline)))
        try await app.test(.router) { client in
            let body = #"{"messages": [{"role": "user", "content": "VACUUM?"}], "temperature": 0.5, "max_tokens": 9}"#
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                // The settings did reach the generator.
                #expect(String(buffer: response.body).contains("max_tokens 9"))
            }
        }
    }
}

/// Hands out the default pipeline and remembers the stage choice it was asked for.
private final class RecordingSource: QueryPipelineSource, @unchecked Sendable {
    // @unchecked: `choices` is only touched under `lock`.
    let index: QuarryIndex
    private let lock = NSLock()
    private var choices: [StageChoice] = []

    init(index: QuarryIndex) {
        self.index = index
    }

    var last: StageChoice? { lock.withLock { choices.last } }

    func pipeline(_ choice: StageChoice) throws -> QueryPipeline {
        lock.withLock { choices.append(choice) }
        return QueryPipeline(index: index)
    }
}

/// Fails the request if it is ever asked to compress.
private struct RefusingCompressor: Compressor {
    let name = "refusing"

    func compress(question: String, passages: [ContextPassage]) async throws -> [ContextPassage] {
        throw QuarryError(.internal, "compressed a context below the compression minimum")
    }
}

/// Answers with the length setting it was configured with.
private struct SettingsEchoGenerator: ConfigurableGenerator {
    let name = "settings-echo"
    let settings: GenerationSettings

    func with(_ settings: GenerationSettings) -> SettingsEchoGenerator { SettingsEchoGenerator(settings: settings) }

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let text = "max_tokens \(settings.maxTokens)"
        return AsyncThrowingStream { continuation in
            continuation.yield(.finished(GeneratedAnswer(text: text, citations: [])))
            continuation.finish()
        }
    }
}
