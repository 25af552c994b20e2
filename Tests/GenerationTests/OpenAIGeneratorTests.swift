import Foundation
import Generation
import Hummingbird
import HummingbirdTesting
import OpenAIHTTP
import QuarryCore
import Testing

/// The OpenAI-compatible generator against a stand-in server that misbehaves on
/// purpose: a streamed answer arrives in pieces and keeps its citations, a plain JSON
/// answer is understood, 5xx is retried, and a server that refuses, answers garbage,
/// is down or too slow gives a `QuarryError` of the kind that becomes 502 or 504, and a
/// stream cut off before any text (what llama_cpp.server sends a request it interrupts)
/// is retried, then an error, never an empty answer.
@Suite("OpenAIGenerator", .serialized)
struct OpenAIGeneratorTests {
    static let context = [
        ContextPassage(RetrievedChunk(
            chunkID: 5, document: "paris.txt", title: nil, byteStart: 0, byteEnd: 33,
            text: "The Eiffel Tower stands in Paris.", tokens: 8, score: 1, rank: 1
        )),
    ]

    /// Counts requests, so the flaky route fails the first two.
    actor Counter {
        var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }

    /// A streamed answer as OpenAI sends it: the pieces, `finish_reason` (`reason`) on the last.
    static func sse(_ pieces: [String], finished: Bool = true, reason last: String = "stop") -> Response {
        var body = ""
        for (index, piece) in pieces.enumerated() {
            let reason: Any = finished && index == pieces.count - 1 ? last : NSNull()
            let choice: [String: Any] = ["index": 0, "delta": ["content": piece], "finish_reason": reason]
            let json = try! JSONSerialization.data(withJSONObject: ["choices": [choice]])
            body += "data: \(String(decoding: json, as: UTF8.self))\n\n"
        }
        body += "data: [DONE]\n\n"
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func app(seen: Counter) -> some ApplicationProtocol {
        let router = Router()
        router.post("/ok/v1/chat/completions") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer sk-test" else { return Response(status: .unauthorized) }
            return sse(["It stands", " in Paris", " [1]."])
        }
        router.post("/length/v1/chat/completions") { _, _ -> Response in
            sse(["It stands", " in Par"], reason: "length")
        }
        router.post("/json-length/v1/chat/completions") { _, _ -> Response in
            let body = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Par"},"finish_reason":"length"}]}"#
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
        router.post("/json/v1/chat/completions") { _, _ -> Response in
            let body = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Paris [1]."},"finish_reason":"stop"}]}"#
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("/flaky/v1/chat/completions") { _, _ -> Response in
            await seen.next() <= 2 ? Response(status: .serviceUnavailable) : sse(["Paris [1]."])
        }
        // llama_cpp.server's answer to a request another one interrupted: the role, then
        // [DONE], with no text and no finish_reason.
        let cut = Response(
            status: .ok, headers: [.contentType: "text/event-stream"],
            body: .init(byteBuffer: ByteBuffer(string: #"data: {"choices":[{"index":0,"delta":{"role":"assistant"},"#
                + #""finish_reason":null}]}"# + "\n\ndata: [DONE]\n\n"))
        )
        router.post("/cut-once/v1/chat/completions") { _, _ -> Response in
            await seen.next() == 1 ? cut : sse(["Paris [1]."])
        }
        router.post("/always-cut/v1/chat/completions") { _, _ -> Response in cut }
        router.post("/cut-part-way/v1/chat/completions") { _, _ -> Response in
            sse(["It stands"], finished: false)
        }
        router.post("/refuse/v1/chat/completions") { _, _ -> Response in
            Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"invalid api key"}}"#)))
        }
        router.post("/garbage/v1/chat/completions") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/html"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "<html>hello</html>")))
        }
        router.post("/slow/v1/chat/completions") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return sse(["late"])
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func generator(_ port: Int, _ route: String, timeout: TimeInterval = 10) -> OpenAIGenerator {
        OpenAIGenerator(endpoint: OpenAIEndpoint(
            baseURL: URL(string: "http://127.0.0.1:\(port)/\(route)/v1")!, model: "stand-in", apiKey: "sk-test",
            timeout: timeout, retries: 2, backoff: 0.05
        ))
    }

    static func run(_ generator: OpenAIGenerator) async throws -> (pieces: [String], answer: GeneratedAnswer?) {
        var pieces: [String] = []
        var answer: GeneratedAnswer?
        for try await event in generator.generate(question: "Where is the tower?", context: context) {
            switch event {
            case .text(let text): pieces.append(text)
            case .finished(let finished): answer = finished
            }
        }
        return (pieces, answer)
    }

    static func expectFailure(_ generator: OpenAIGenerator, kind: QuarryError.Kind, saying words: String) async {
        await #expect {
            _ = try await run(generator)
        } throws: { error in
            let failure = QuarryError(error)
            return failure.kind == kind && failure.message.contains(words)
        }
    }

    @Test func aStreamedAnswerArrivesInPiecesWithItsCitation() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let (pieces, answer) = try await Self.run(Self.generator(try #require(client.port), "ok"))
            #expect(pieces == ["It stands", " in Paris", " [1]."])
            #expect(answer?.text == "It stands in Paris [1].")
            #expect(answer?.citations.map(\.chunkID) == [5])
            #expect(answer?.citationFlags == [])
            #expect(answer?.truncated == false)
        }
    }

    /// Guards issue 20: an answer the server's `max_tokens` cut (`finish_reason: "length"`)
    /// is flagged truncated, as the local model's is; before, it passed as a whole answer.
    @Test func anAnswerCutByTheServersTokenLimitIsTruncated() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let port = try #require(client.port)
            let streamed = try await Self.run(Self.generator(port, "length")).answer
            #expect(streamed?.text == "It stands in Par")
            #expect(streamed?.truncated == true)
            #expect(try await Self.run(Self.generator(port, "json-length")).answer?.truncated == true)
            #expect(try await Self.run(Self.generator(port, "json")).answer?.truncated == false)
        }
    }

    @Test func aPlainJSONAnswerAndRetriedServerErrorsAreUnderstood() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let port = try #require(client.port)
            #expect(try await Self.run(Self.generator(port, "json")).answer?.text == "Paris [1].")
            // Two 503s, then an answer: within the two retries.
            #expect(try await Self.run(Self.generator(port, "flaky")).answer?.text == "Paris [1].")
        }
    }

    /// Guards against an interrupted stream passing as an answer: before, the evaluation
    /// scored llama_cpp.server's cut-off answers as "" (or a few words) with no error.
    @Test func aStreamCutOffBeforeAnyTextIsRetriedAndThenAnError() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let port = try #require(client.port)
            #expect(try await Self.run(Self.generator(port, "cut-once")).answer?.text == "Paris [1].")
            await Self.expectFailure(Self.generator(port, "always-cut"), kind: .upstream, saying: "with no text")
            // Text arrived, then the stream ended with no reason: an error, not a short answer.
            await Self.expectFailure(Self.generator(port, "cut-part-way"), kind: .upstream, saying: "part-way")
        }
    }

    @Test func aRefusalGarbageOrADeadServerIsA502AndSlownessA504() async throws {
        try await Self.app(seen: Counter()).test(.live) { client in
            let port = try #require(client.port)
            await Self.expectFailure(Self.generator(port, "refuse"), kind: .upstream, saying: "invalid api key")
            await Self.expectFailure(Self.generator(port, "garbage"), kind: .upstream, saying: "not answer with an OpenAI chat completion")
            await Self.expectFailure(Self.generator(port, "slow", timeout: 0.5), kind: .upstreamTimeout, saying: "did not answer within")
        }
        // Nothing listens on port 9 (discard) on a test machine: connection refused.
        await Self.expectFailure(Self.generator(9, "none"), kind: .upstream, saying: "cannot reach")
    }
}
