import Foundation

/// The shape of a BERT-family encoder and its sentence-embedding head, read from a
/// sentence-transformers folder (`config.json`, `sentence_bert_config.json`,
/// `modules.json`, `1_Pooling/config.json`, `tokenizer_config.json`).
public struct BertConfiguration: Sendable, Equatable {
    /// How token vectors become one sentence vector.
    public enum Pooling: String, Sendable {
        case mean, cls, max
    }

    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var layerNormEpsilon: Float
    public var maxPositions: Int
    /// Tokens per sequence the encoder sees, [CLS] and [SEP] included.
    public var maxSequenceLength: Int
    public var pooling: Pooling
    /// Whether a Normalize module follows pooling (L2 norm).
    public var normalizes: Bool
    /// Whether the tokenizer lower-cases and strips accents.
    public var lowercase: Bool

    /// The largest size accepted for any field, so products of two sizes cannot overflow.
    static let largestSize = 1 << 24

    /// Reads the configuration files of the folder at `folder`; throws a `ModelError`
    /// naming the file and field at fault.
    public init(folder: String) throws {
        let config = try Self.json(folder + "/config.json", required: true)
        func int(_ key: String) throws -> Int {
            guard let value = config[key] as? Int else {
                throw ModelError("\(folder)/config.json: field \(key) is missing or not an integer")
            }
            return value
        }
        hiddenSize = try int("hidden_size")
        layerCount = try int("num_hidden_layers")
        headCount = try int("num_attention_heads")
        intermediateSize = try int("intermediate_size")
        maxPositions = try int("max_position_embeddings")
        layerNormEpsilon = Float((config["layer_norm_eps"] as? Double) ?? 1e-12)
        let activation = (config["hidden_act"] as? String) ?? "gelu"
        guard activation == "gelu" else {
            throw ModelError("\(folder)/config.json: hidden_act \(activation) is not supported (only gelu)")
        }
        for (key, value) in [("hidden_size", hiddenSize), ("num_hidden_layers", layerCount), ("num_attention_heads", headCount),
                             ("intermediate_size", intermediateSize), ("max_position_embeddings", maxPositions)] where !(1...Self.largestSize).contains(value) {
            throw ModelError("\(folder)/config.json: field \(key) is \(value); it must be 1 to \(Self.largestSize)")
        }
        guard hiddenSize % headCount == 0 else {
            throw ModelError("\(folder)/config.json: hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
        let sentence = try Self.json(folder + "/sentence_bert_config.json", required: false)
        maxSequenceLength = min((sentence["max_seq_length"] as? Int) ?? maxPositions, maxPositions)
        guard maxSequenceLength >= 2 else {
            throw ModelError("\(folder): the sequence length \(maxSequenceLength) leaves no room for [CLS] and [SEP]; max_seq_length and max_position_embeddings must be at least 2")
        }
        let tokenizer = try Self.json(folder + "/tokenizer_config.json", required: false)
        lowercase = (tokenizer["do_lower_case"] as? Bool) ?? true
        let modules = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/modules.json")))) as? [[String: Any]]
        normalizes = modules?.contains { ($0["type"] as? String)?.hasSuffix("Normalize") == true } ?? true
        let poolingPath = (modules?.first { ($0["type"] as? String)?.hasSuffix("Pooling") == true }?["path"] as? String) ?? "1_Pooling"
        let poolingConfig = try Self.json(folder + "/" + poolingPath + "/config.json", required: false)
        if poolingConfig["pooling_mode_cls_token"] as? Bool == true {
            pooling = .cls
        } else if poolingConfig["pooling_mode_max_tokens"] as? Bool == true {
            pooling = .max
        } else {
            pooling = .mean
        }
    }

    private static func json(_ path: String, required: Bool) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if required { throw ModelError("\(path) is missing: a BERT folder needs config.json, vocab.txt and model.safetensors") }
            return [:]
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelError("\(path): not a JSON object")
        }
        return object
    }
}
