import Models

/// The generator's tokenizer, as compression needs it: ids of a text and how many bytes
/// each id stands for. Budgets are counted in it.
public protocol CompressionTokenizer: Sendable {
    /// Token ids of `text`, no BOS.
    func tokenIDs(of text: String) -> [Int]
    /// The number of UTF-8 bytes token `id` stands for.
    func byteCount(of id: Int) -> Int
}

extension ByteLevelBPETokenizer: CompressionTokenizer {
    public func tokenIDs(of text: String) -> [Int] { encode(text, parseSpecial: false) }

    /// Each scalar of a byte-level token stands for one byte; special tokens for none.
    public func byteCount(of id: Int) -> Int {
        guard tokens.indices.contains(id), !specialTokenIds.contains(id) else { return 0 }
        return tokens[id].unicodeScalars.count
    }
}
