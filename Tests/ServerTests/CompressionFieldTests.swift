import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import Server
import Testing

/// `/v1/query`'s `compression` field: a rate, `"off"` or `"auto"`; anything else is a
/// 400 that names the field and what it takes.
@Suite("HTTP compression field")
struct CompressionFieldTests {
    let app: Application<RouterResponder<QuarryRequestContext>>

    init() async throws {
        let index = try await ManualIndex.open()
        // A policy that would compress every extractive context, so `off` has something to turn off.
        let policy = CompressionPolicy(rules: [.extractive: .init(rate: 2, minimumTokens: 0)])
        let factory = PipelineFactory(index: index, compressionPolicy: policy)
        app = Application(router: await QuarryServer.makeRouter(factory: factory))
    }

    func post(_ body: String, check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await app.postQuery(body, check: check)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    /// Absent, `null` and `"auto"` follow the policy (here: compress); `"off"` wins over it;
    /// a rate compresses too. The response says which compressor ran.
    @Test func offAutoAndRatesDecideWhetherTheContextIsCompressed() async throws {
        let question = #""question": "What is a partial index?", "budget": 4096"#
        for (field, compressed) in [("", true), (#", "compression": null"#, true), (#", "compression": "auto""#, true),
                                    (#", "compression": "off""#, false), (#", "compression": 3"#, true)] {
            try await post("{\(question)\(field)}") { response in
                #expect(response.status == .ok, "\(field)")
                let json = try Self.json(response)
                let compressor = json["compressor"] as? String
                #expect((compressor == "lexical") == compressed, "\(field) → \(compressor ?? "none")")
                #expect(((json["timings_ms"] as? [String: Any])?["compress"] != nil) == compressed, "\(field)")
            }
        }
    }

    @Test func badValuesGetA400ThatSaysWhatCompressionTakes() async throws {
        for value in ["0", "0.5", "21", #""sometimes""#, #""3""#, "true", "[2]", #"{"rate": 2}"#] {
            try await post(#"{"question": "What is a partial index?", "compression": \#(value)}"#) { response in
                #expect(response.status == .badRequest, "\(value)")
                let text = String(buffer: response.body)
                #expect(text.contains("compression") && text.contains("off"), "\(value) → \(text)")
            }
        }
    }
}
