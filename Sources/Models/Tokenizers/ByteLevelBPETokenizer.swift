/// Byte-level BPE as llama.cpp runs it from GGUF metadata (`tokenizer.ggml.model` =
/// `gpt2`): pre-tokenize, map bytes to GPT-2's printable scalars, apply merges by rank,
/// look the pieces up; special tokens are matched verbatim when asked. Merges run on
/// integer symbols (``BPEMerges``), and each word's ids are kept in a bounded word cache
/// shared by the copies of a tokenizer (``BPEWordCache``), as Hugging Face tokenizers do.
public struct ByteLevelBPETokenizer: Sendable {
    /// Token strings by id (in the byte-mapped alphabet).
    public let tokens: [String]
    /// Ids of control and user-defined tokens, such as `<|im_start|>`.
    public let specialTokenIds: Set<Int>
    /// Beginning-of-sequence id, when the model has one.
    public let bosId: Int?
    /// End-of-sequence id, when the model has one.
    public let eosId: Int?
    /// Whether the model expects a BOS token before prompts.
    public let addsBOS: Bool
    private let merges: BPEMerges
    private var wordCache: BPEWordCache
    private let preTokenizer: GPT2PreTokenizer
    private let specialsLongestFirst: [(text: [Unicode.Scalar], id: Int)]

    /// Reads the vocabulary, merges, token types and pre-tokenizer name of a GGUF file.
    public init(gguf: GGUFFile) throws {
        let model = gguf.metadata["tokenizer.ggml.model"]?.string ?? "(missing)"
        guard model == "gpt2" else {
            throw ModelError("\(gguf.path): tokenizer.ggml.model is \(model); Quarry's BPE reads gpt2-style (byte-level) vocabularies only")
        }
        let types = gguf.metadata["tokenizer.ggml.token_type"]?.array?.map { $0.int ?? 1 }
        try self.init(
            tokens: gguf.strings("tokenizer.ggml.tokens"),
            merges: gguf.strings("tokenizer.ggml.merges"),
            tokenTypes: types,
            preTokenizer: gguf.metadata["tokenizer.ggml.pre"]?.string ?? "gpt2",
            bosId: gguf.metadata["tokenizer.ggml.bos_token_id"]?.int,
            eosId: gguf.metadata["tokenizer.ggml.eos_token_id"]?.int,
            addsBOS: gguf.metadata["tokenizer.ggml.add_bos_token"]?.bool ?? false,
            source: gguf.path)
    }

    /// Words whose ids a tokenizer keeps by default (Hugging Face tokenizers' BPE default).
    public static let defaultWordCacheCapacity = 10_000

    /// Builds a tokenizer from its parts; token type 3 (control) and 4 (user-defined)
    /// mark special tokens. `preTokenizer` is llama.cpp's name (`smollm` splits digits).
    /// Throws a `ModelError` naming `source` when there is not one token type per token,
    /// or the BOS or EOS id is outside the vocabulary.
    public init(
        tokens: [String], merges: [String], tokenTypes: [Int]?, preTokenizer: String,
        bosId: Int?, eosId: Int?, addsBOS: Bool, source: String = "tokenizer"
    ) throws {
        if let tokenTypes, tokenTypes.count != tokens.count {
            throw ModelError("\(source): \(tokenTypes.count) token types for \(tokens.count) tokens; the model file's tokenizer.ggml.token_type must have one per token")
        }
        for (name, id) in [("BOS", bosId), ("EOS", eosId)] {
            if let id, !tokens.indices.contains(id) {
                throw ModelError("\(source): the \(name) id \(id) is outside the vocabulary of \(tokens.count) tokens")
            }
        }
        self.tokens = tokens
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        self.merges = BPEMerges(tokens: tokens, ids: ids, merges: merges)
        wordCache = BPEWordCache(capacity: Self.defaultWordCacheCapacity)
        var specials = Set<Int>()
        if let tokenTypes {
            for (id, type) in tokenTypes.enumerated() where type == 3 || type == 4 { specials.insert(id) }
        }
        specialTokenIds = specials
        specialsLongestFirst = specials.map { (Array(tokens[$0].unicodeScalars), $0) }
            .filter { !$0.0.isEmpty }
            .sorted { $0.0.count > $1.0.count || ($0.0.count == $1.0.count && $0.1 < $1.1) }
        self.bosId = bosId
        self.eosId = eosId
        self.addsBOS = addsBOS
        let digitSplitting: Set<String> = ["smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva"]
        self.preTokenizer = GPT2PreTokenizer(splitDigits: digitSplitting.contains(preTokenizer))
    }

    /// This tokenizer with its own, empty word cache of at most `capacity` words (0: none).
    /// Copies of a tokenizer share one cache; this one shares no cache with them.
    public func withWordCache(capacity: Int) -> ByteLevelBPETokenizer {
        var copy = self
        copy.wordCache = BPEWordCache(capacity: capacity)
        return copy
    }

    /// The most words the word cache holds.
    public var wordCacheCapacity: Int { wordCache.capacity }

    /// Words the word cache holds now.
    public var cachedWordCount: Int { wordCache.count }

    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { tokens.count }

    /// Token ids of `text`. With `parseSpecial`, special-token strings such as
    /// `<|im_start|>` become their single ids; otherwise they are ordinary text.
    /// No BOS is added.
    public func encode(_ text: String, parseSpecial: Bool = false) -> [Int] {
        var output: [Int] = []
        guard parseSpecial, !specialsLongestFirst.isEmpty else {
            encodeOrdinary(text, into: &output)
            return output
        }
        let scalars = Array(text.unicodeScalars)
        var segmentStart = 0
        var i = 0
        while i < scalars.count {
            if let special = specialsLongestFirst.first(where: { matches($0.text, scalars, at: i) }) {
                if i > segmentStart {
                    encodeOrdinary(String(String.UnicodeScalarView(scalars[segmentStart..<i])), into: &output)
                }
                output.append(special.id)
                i += special.text.count
                segmentStart = i
            } else {
                i += 1
            }
        }
        if segmentStart < scalars.count {
            encodeOrdinary(String(String.UnicodeScalarView(scalars[segmentStart...])), into: &output)
        }
        return output
    }

    /// The UTF-8 bytes token `id` stands for (empty for special tokens).
    public func bytes(of id: Int) -> [UInt8] {
        guard id >= 0, id < tokens.count, !specialTokenIds.contains(id) else { return [] }
        return tokens[id].unicodeScalars.compactMap { ByteEncoding.byteForScalar[$0.value] }
    }

    /// The text of `ids` (special tokens omitted; invalid UTF-8 replaced).
    public func decode(_ ids: [Int]) -> String {
        String(decoding: ids.flatMap { bytes(of: $0) }, as: UTF8.self)
    }

    private func matches(_ needle: [Unicode.Scalar], _ haystack: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + needle.count <= haystack.count else { return false }
        for j in 0..<needle.count where haystack[i + j] != needle[j] { return false }
        return true
    }

    /// Appends the ids of text with no special tokens: each word from the cache, or merged
    /// and then remembered.
    private func encodeOrdinary(_ text: String, into output: inout [Int]) {
        let words = preTokenizer.split(text)
        var merged: [(word: String, ids: [Int])] = []
        for (word, cached) in zip(words, wordCache.lookUp(words)) {
            if let cached {
                output += cached
                continue
            }
            let start = output.count
            merges.appendIds(ofWord: word.utf8, to: &output)
            if wordCache.capacity > 0 { merged.append((word, Array(output[start...]))) }
        }
        wordCache.insert(merged)
    }
}
