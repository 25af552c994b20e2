import Foundation
import Models
import Testing

/// Token ids handed to the BERT encoder and config.json values that do not fit its
/// weights: each must be a thrown `ModelError`, never a read outside a table.
@Suite("Encoder inputs and configuration out of range", .serialized)
struct EncoderInputTests {
    static let encoder: Result<BertEncoder, any Error> = Result {
        try BertEncoder(folder: ModelLocator().requireEmbedderFolder())
    }

    @Test("token ids outside the vocabulary and over-long sequences are refused; valid ids encode as text does")
    func tokenIds() throws {
        let encoder = try Self.encoder.get()
        let ids = encoder.tokenizer.encode("a short sentence")
        #expect(try encoder.encode(tokenIds: [ids]) == encoder.encode(["a short sentence"]))
        for bad in [-1, 1 << 40] {
            let error = try #require(throws: ModelError.self) { try encoder.encode(tokenIds: [ids, [ids[0], bad, ids.last!]]) }
            #expect(error.message.contains("token id \(bad) is outside the vocabulary"))
        }
        let long = [Int](repeating: ids[1], count: encoder.configuration.maxSequenceLength + 1)
        let error = try #require(throws: ModelError.self) { try encoder.encode(tokenIds: [long]) }
        #expect(error.message.contains("longer than the model's \(encoder.configuration.maxSequenceLength)"))
    }

    /// A folder linking to the real MiniLM weights and vocabulary, with config.json
    /// changed by `edit`.
    static func folder(editing edit: (inout [String: Any]) -> Void) throws -> String {
        let source = try ModelLocator().requireEmbedderFolder()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-\(UUID().uuidString)-bert").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["model.safetensors", "vocab.txt"] {
            try FileManager.default.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: source + "/" + name)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: source + "/config.json"))
        var config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: folder + "/config.json"))
        return folder
    }

    @Test("config.json sizes that divide by zero or do not match the weights are refused at load",
          arguments: [("num_attention_heads", 0, "num_attention_heads is 0"),
                      ("intermediate_size", 1000, "intermediate.dense.weight has 589824 elements but the configuration needs 384000"),
                      ("max_position_embeddings", 1024, "position_embeddings.weight has 196608 elements but the configuration needs 393216"),
                      ("hidden_size", 1 << 40, "hidden_size is 1099511627776")])
    func configurationAgainstWeights(key: String, value: Int, expected: String) throws {
        let folder = try Self.folder { $0[key] = value }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = try #require(throws: ModelError.self) { try BertEncoder(folder: folder) }
        #expect(error.message.contains(expected), "\(error.message)")
    }
}
