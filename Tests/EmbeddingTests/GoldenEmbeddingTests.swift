import Embedding
import Foundation
import Models
import Testing

@Suite("MiniLM embeddings against sentence-transformers")
struct GoldenEmbeddingTests {
    static let goldenURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/golden/minilm.json").standardized

    /// Every precision, on every CPU: bfloat16 runs on its vector path where the CPU has
    /// AVX-512 BF16, else on its scalar path, which computes the same rounded products.
    static let precisions = EncoderPrecision.allCases

    /// The longest golden text the scalar bfloat16 path embeds: the long cases (up to 512
    /// tokens) would take it minutes; the short ones still cover every layer.
    static let scalarTextLimit = 120

    /// The bound per precision, from the reference: float32 matches sentence-transformers'
    /// own float32 run to 0.9999; bfloat16 products must keep the quality gate, 0.999.
    static func bound(_ precision: EncoderPrecision) -> Float {
        switch precision {
        case .fp32: 0.9999
        case .bf16: 0.999
        }
    }

    /// Guards bf16 passing by checking nothing on a CPU without AVX-512 BF16 (its cases
    /// were filtered away): there the scalar path is held to the same bound, on the
    /// short golden texts.
    @Test("every golden text embeds close to the reference vector on each precision", arguments: precisions)
    func goldenEmbeddings(precision: EncoderPrecision) async throws {
        let data = try #require(FileManager.default.contents(atPath: Self.goldenURL.path), "missing \(Self.goldenURL.path)")
        let golden = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let all = try #require(golden["cases"] as? [[String: Any]])
        let cases = precision.isAccelerated
            ? all : all.filter { ($0["text"] as? String ?? "").count <= Self.scalarTextLimit }
        try #require(cases.count >= 10, "\(cases.count) golden cases for \(precision)")
        let embedder = try LocalBertEmbedder(precision: precision)
        #expect(embedder.encoder.precision == precision)
        #expect(embedder.dimensions == 384)
        let texts = cases.map { $0["text"] as! String }
        let vectors = try await embedder.embed(texts)
        #expect(vectors.count == texts.count)
        for (item, vector) in zip(cases, vectors) {
            let reference = (item["embedding"] as! [Double]).map(Float.init)
            let cosine = Self.cosine(vector, reference)
            let text = (item["text"] as! String).prefix(60)
            #expect(cosine >= Self.bound(precision), "\(precision): \(text) cosine \(cosine)")
        }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, normA: Float = 0, normB: Float = 0
        for (x, y) in zip(a, b) {
            dot += x * y
            normA += x * x
            normB += y * y
        }
        return dot / (normA.squareRoot() * normB.squareRoot())
    }

    @Test("a batch gives the same vectors as one text at a time")
    func batchingDoesNotChangeVectors() async throws {
        let embedder = try LocalBertEmbedder()
        let texts = ["short", "a somewhat longer sentence about retrieval", "mid length text here"]
        let together = try await embedder.embed(texts)
        for (text, vector) in zip(texts, together) {
            let alone = try await embedder.embed([text])[0]
            let maxDifference = zip(alone, vector).map { abs($0 - $1) }.max() ?? 1
            #expect(maxDifference < 1e-4)
        }
    }
}
