/// The merges of a byte-level BPE vocabulary on integer symbols: each token string that
/// takes part in a merge (and each merged result) is one symbol, so applying merges
/// compares and looks up integers instead of building and hashing strings.
///
/// Symbols below the vocabulary size are the token ids themselves; a string that appears
/// in the merges but not in the vocabulary gets a symbol above it and, as in the string
/// algorithm it replaces, stands for the ids of its single scalars when it ends a word.
/// Strings are interned through `[String: Int]` lookups, so they compare as the string
/// algorithm's did.
struct BPEMerges: Sendable {
    /// What merging an adjacent pair of symbols gives, and when it applies (lower first).
    private struct Merge: Sendable {
        var rank: Int32
        var result: Int32
    }

    /// The symbol of each byte's single mapped scalar.
    private let symbolForByte: [Int32]
    /// Merges by pair: left symbol in the high 32 bits, right in the low.
    private let pairs: [UInt64: Merge]
    /// Symbols beyond the vocabulary: the ids of their scalars that are tokens.
    private let extraSymbolIds: [[Int]]
    private let vocabularySize: Int

    /// Interns the token strings (`ids`: string → first id) and the parts of each merge
    /// (`"left right"`, by rank; a later duplicate is ignored, as is a line that is not
    /// two parts around one space, which no pair of byte-mapped symbols can match).
    init(tokens: [String], ids: [String: Int], merges: [String]) {
        vocabularySize = tokens.count
        var extraSymbols: [String: Int32] = [:]
        var extraStrings: [String] = []
        func symbol(_ text: String) -> Int32 {
            if let id = ids[text] { return Int32(id) }
            if let extra = extraSymbols[text] { return extra }
            let extra = Int32(tokens.count + extraStrings.count)
            extraSymbols[text] = extra
            extraStrings.append(text)
            return extra
        }
        var pairs: [UInt64: Merge] = [:]
        pairs.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            let scalars = merge.unicodeScalars
            guard let space = scalars.firstIndex(of: " "), space != scalars.startIndex,
                scalars.index(after: space) != scalars.endIndex,
                !scalars[scalars.index(after: space)...].contains(" ")
            else { continue }
            let left = String(scalars[..<space]), right = String(scalars[scalars.index(after: space)...])
            let key = Self.key(symbol(left), symbol(right))
            if pairs[key] == nil { pairs[key] = Merge(rank: Int32(rank), result: symbol(left + right)) }
        }
        self.pairs = pairs
        symbolForByte = ByteEncoding.scalarForByte.map { symbol(String($0)) }
        extraSymbolIds = extraStrings.map { text in text.unicodeScalars.compactMap { ids[String($0)] } }
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    private func rank(_ left: Int32, _ right: Int32) -> Merge? { pairs[Self.key(left, right)] }

    /// Appends the token ids of one pre-tokenized word, given as its UTF-8 bytes: merges
    /// the adjacent pair of lowest rank (leftmost on ties) until no pair has a rank.
    /// Each pair's merge is looked up once and again only when a neighbour changes.
    func appendIds(ofWord bytes: some Sequence<UInt8>, to output: inout [Int]) {
        var symbols = bytes.map { symbolForByte[Int($0)] }
        guard !symbols.isEmpty else { return }
        var merges = (0..<(symbols.count - 1)).map { rank(symbols[$0], symbols[$0 + 1]) }
        while true {
            var best = -1
            var bestRank = Int32.max
            for i in merges.indices {
                if let merge = merges[i], merge.rank < bestRank {
                    bestRank = merge.rank
                    best = i
                }
            }
            guard best >= 0, let merge = merges[best] else { break }
            symbols[best] = merge.result
            symbols.remove(at: best + 1)
            merges.remove(at: best)
            if best > 0 { merges[best - 1] = rank(symbols[best - 1], symbols[best]) }
            if best < merges.count { merges[best] = rank(symbols[best], symbols[best + 1]) }
        }
        for symbol in symbols {
            if Int(symbol) < vocabularySize {
                output.append(Int(symbol))
            } else {
                output += extraSymbolIds[Int(symbol) - vocabularySize]
            }
        }
    }
}
