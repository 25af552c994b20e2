import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import Server
import Store
import Testing

@Suite("HTTP API")
struct QuarryServerTests {
    let app: Application<RouterResponder<QuarryRequestContext>>

    init() async throws {
        let index = try await ManualIndex.open()
        app = Application(router: await QuarryServer.makeRouter(factory: PipelineFactory(index: index)))
    }

    func post(_ body: String, check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await app.postQuery(body, check: check)
    }

    @Test func queryAnswersWithCitationsAndTimings() async throws {
        try await post(#"{"question": "What is a partial index?", "top_k": 5}"#) { response in
            #expect(response.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            #expect((json?["answer"] as? String)?.contains("partial index") == true)
            let citations = json?["citations"] as? [[String: Any]] ?? []
            #expect(!citations.isEmpty)
            #expect(citations.first?["byte_start"] is Int)
            #expect((json?["timings_ms"] as? [String: Any])?["total"] != nil)
            #expect(json?["index_generation"] is Int)
            #expect(json?["context_tokens"] is Int)
        }
    }

    @Test func malformedRequestsGetA400ThatNamesTheProblem() async throws {
        let cases: [(String, String)] = [
            (#"{"top_k": 3}"#, "question"),
            (#"{"question": 42}"#, "question"),
            (#"{"question": "vacuum", "top_k": "many"}"#, "top_k"),
            (#"{"question": "vacuum", "top_k": 0}"#, "top_k"),
            (#"{"question": "vacuum", "top_k": 2.5}"#, "top_k"),
            (#"{"question": "vacuum", "budget": 1e40}"#, "budget"),
            (#"{"question": "vacuum\u0000"}"#, "control"),
            (#"{"question": "\ud800 vacuum"}"#, "JSON"),
            ("[1, 2]", "JSON object"),
            (#"{"question": "   "}"#, "empty"),
            ("not json", "JSON"),
            ("", "empty"),
        ]
        for (body, mention) in cases {
            try await post(body) { response in
                #expect(response.status == .badRequest, "\(body)")
                let text = String(buffer: response.body)
                #expect(text.contains(mention), "\(body) → \(text)")
            }
        }
    }

    @Test func oversizedBodiesAreRejected() async throws {
        let huge = #"{"question": ""# + String(repeating: "a", count: 17 << 20) + #""}"#
        try await post(huge) { response in
            #expect(response.status == .contentTooLarge)
        }
        let long = #"{"question": ""# + String(repeating: "a ", count: 5000) + #""}"#
        try await post(long) { response in
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("bytes"))
        }
        // One character with a million combining marks is a million-odd bytes of work.
        let marks = #"{"question": "e"# + String(repeating: #"\u0301"#, count: 100_000) + #""}"#
        try await post(marks) { response in
            #expect(response.status == .badRequest)
        }
    }

    @Test func healthzReportsTheIndex() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""chunks":"#))
            }
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
