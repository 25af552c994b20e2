import Foundation
import Generation
import Hummingbird
import HummingbirdTesting
import OpenAIHTTP
import Pipeline
import QuarryCore
import Server
import Store
import Testing

/// `POST /v1/chat/completions` and `GET /v1/models` in process: an answer with its
/// citations, a stream of `chat.completion.chunk` events ending with `[DONE]` whose
/// last chunk carries the citations, a 400 for a request without a question, and a
/// 502 (streamed or not) when the generator's backend is down.
@Suite("Chat completions")
struct ChatCompletionsTests {
    let index: QuarryIndex

    init() async throws {
        index = try await ManualIndex.open()
    }

    func app() async -> some ApplicationProtocol {
        Application(router: await QuarryServer.makeRouter(factory: PipelineFactory(index: index)))
    }

    func app(_ generator: any Generator) async -> some ApplicationProtocol {
        let fixed = FixedPipeline(index: index, fixed: QueryPipeline(index: index, generator: generator))
        return Application(router: await QuarryServer.makeRouter(factory: fixed))
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    static let question = #"{"model": "quarry", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What does VACUUM reclaim?"}]"#

    @Test func anAnswerCarriesItsCitations() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.question + "}")) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["object"] as? String == "chat.completion")
                let choice = try #require((body["choices"] as? [[String: Any]])?.first)
                let message = try #require(choice["message"] as? [String: Any])
                #expect((message["content"] as? String)?.contains("dead tuples") == true)
                #expect(choice["finish_reason"] as? String == "stop")
                let citations = try #require(body["citations"] as? [[String: Any]])
                #expect((citations.first?["document"] as? String)?.hasSuffix("manual.txt") == true)
                #expect(citations.first?["byte_start"] is Int)
                #expect(body["citation_flags"] as? [String] == [])
            }
        }
    }

    @Test func aStreamIsChunksEndingWithDoneAndTheCitations() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.question + #", "stream": true}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let lines = String(buffer: response.body).split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }
                #expect(lines.last == "[DONE]")
                let chunks = try lines.dropLast().map { try Self.json(ByteBuffer(string: String($0))) }
                #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
                let text = chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }.joined()
                #expect(text.contains("dead tuples"))
                let last = try #require(chunks.last)
                #expect((last["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")
                #expect((last["citations"] as? [[String: Any]])?.isEmpty == false)
            }
        }
    }

    @Test func aRequestWithoutAUserMessageOrWithBadSettingsIsA400() async throws {
        let bodies = [
            #"{"messages": [{"role": "system", "content": "hi"}]}"#,
            #"{"messages": []}"#,
            #"{"messages": [{"role": "user", "content": "vacuum"}], "max_tokens": 0}"#,
            #"{"messages": [{"role": "user", "content": "vacuum"}], "temperature": 9}"#,
            #"{"messages": [{"role": "user", "content": "vacuum"}], "top_k": 0, "stream": true}"#,
            #"{"model": "quarry:none", "messages": [{"role": "user", "content": "vacuum"}]}"#,
        ]
        try await app().test(.router) { client in
            for body in bodies {
                try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                }
            }
        }
    }

    @Test func aDeadBackendIsA502StreamedOrNot() async throws {
        // Nothing listens on port 9: the OpenAI generator's server is down.
        let dead = OpenAIGenerator(endpoint: OpenAIEndpoint(
            baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m", timeout: 5, retries: 0
        ))
        try await app(dead).test(.router) { client in
            for stream in ["false", "true"] {
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.question + #", "stream": \#(stream)}"#)) { response in
                    #expect(response.status == .badGateway)
                    #expect(String(buffer: response.body).contains("cannot reach"))
                }
            }
            // The server is still up.
            try await client.execute(uri: "/v1/models", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func modelsListsTheGenerator() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/v1/models", method: .get) { response in
                let body = try Self.json(response.body)
                #expect(body["object"] as? String == "list")
                #expect((body["data"] as? [[String: Any]])?.first?["id"] as? String == "quarry:extractive")
            }
        }
    }

    /// Posts ``question`` with `"stream"` set to `stream` and checks the response with `check`.
    static func ask(
        _ client: some TestClientProtocol, stream: String, _ check: @escaping (TestResponse) async throws -> Void
    ) async throws {
        let body = question + #", "stream": \#(stream)}"#
        try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body), testCallback: check
        )
    }

    /// Guards issue 20: chat completions report `usage` like OpenAI's, show document paths
    /// relative to the indexed folder as `/v1/query` does (main sent the server's absolute
    /// paths), and count in the query metrics (main counted only `/v1/query`).
    @Test func anAnswerReportsUsageRelativePathsAndCountsInTheMetrics() async throws {
        let metrics = ServerMetrics()
        let app = Application(router: await QuarryServer.makeRouter(factory: PipelineFactory(index: index), metrics: metrics))
        try await app.test(.router) { client in
            for stream in ["false", "true"] {
                try await Self.ask(client, stream: stream) { response in
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    let events = text.split(separator: "\n").filter { $0.hasPrefix("data: {") }
                    let last = try Self.json(ByteBuffer(string: stream == "true"
                        ? String(try #require(events.last).dropFirst(6)) : text))
                    let usage = try #require(last["usage"] as? [String: Int], "\(text)")
                    let prompt = try #require(usage["prompt_tokens"])
                    let completion = try #require(usage["completion_tokens"])
                    #expect(prompt > 0 && completion > 0)
                    #expect(usage["total_tokens"] == prompt + completion)
                    let citations = try #require(last["citations"] as? [[String: Any]])
                    #expect(citations.first?["document"] as? String == "manual.txt")
                }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"quarry_query_stage_duration_seconds_count{stage="total"} 2"#), "\(text)")
            }
        }
    }

    /// Guards issue 20: an answer the token limit cut ends with `finish_reason: "length"`,
    /// streamed or not (main always said "stop").
    @Test func aTruncatedAnswerFinishesWithLength() async throws {
        try await app(CutGenerator()).test(.router) { client in
            for stream in ["false", "true"] {
                try await Self.ask(client, stream: stream) { response in
                    let text = String(buffer: response.body)
                    #expect(text.contains(#""finish_reason":"length""#), "\(text)")
                    #expect(!text.contains(#""finish_reason":"stop""#))
                    #expect(text.contains(#""completion_tokens":7"#))
                }
            }
        }
    }
}

/// A generator whose answer the token limit cut, as the local one reports it.
private struct CutGenerator: Generator {
    let name = "cut"

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(.text("VACUUM reclaims the storage of"))
            continuation.yield(.finished(GeneratedAnswer(
                text: "VACUUM reclaims the storage of", citations: [], citationFlags: [.citesNothing], truncated: true,
                usage: TokenUsage(promptTokens: 90, completionTokens: 7)
            )))
            continuation.finish()
        }
    }
}
