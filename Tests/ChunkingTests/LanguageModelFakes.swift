import Chunking

/// A word-level stand-in for a BPE tokenizer: each token is a run of whitespace plus the
/// word after it (as GPT-2's " It"), its id the word's length in scalars, so tests can
/// steer a context-free fake model through word lengths.
struct WordTokenizer: TextTokenizer {
    func tokens(of text: Substring) -> [TextToken] {
        var tokens: [TextToken] = []
        var bytes = 0, letters = 0, inWord = false
        for scalar in text.unicodeScalars {
            let space = scalar.properties.isWhitespace
            if space && inWord {
                tokens.append(TextToken(id: letters, byteCount: bytes))
                bytes = 0
                letters = 0
                inWord = false
            }
            bytes += String(scalar).utf8.count
            if !space {
                inWord = true
                letters += 1
            }
        }
        if bytes > 0 { tokens.append(TextToken(id: letters, byteCount: bytes)) }
        return tokens
    }
}

/// A model that ignores context: −log p(token) = its id (the word's length) in nats.
struct WordLengthScorer: CausalTokenScorer {
    func logProbabilities(of tokens: [Int]) throws -> [Float] {
        tokens.dropFirst().map { -Float($0) }
    }
}

/// A model whose surprisal for a token is the number of tokens it was shown before it,
/// to see how much context windowed scoring gives each token.
struct ContextLengthScorer: CausalTokenScorer {
    func logProbabilities(of tokens: [Int]) throws -> [Float] {
        (1..<max(1, tokens.count)).map { -Float($0) }
    }
}
