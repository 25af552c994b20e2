import QuarryCore

/// How short the compressed context must be, in the generator's tokens.
public enum CompressionTarget: Sendable, Equatable {
    /// Keep 1/rate of the tokens (2 → 2×, half the tokens).
    case rate(Double)
    /// Keep at most this many tokens.
    case tokens(Int)

    /// The token budget for a context of `original` tokens (never more than `original`).
    public func budget(forOriginal original: Int) -> Int {
        switch self {
        case .rate(let rate): min(original, Int((Double(original) / rate).rounded(.down)))
        case .tokens(let tokens): min(original, tokens)
        }
    }

    /// The target from the command-line or request options: `compression` (a rate, 1 to 100)
    /// or `compressTo` (tokens, 1 to 131072); nil when neither is given. Throws an
    /// invalid-input error naming `rateName`/`tokensName` when out of range or both are given.
    public static func from(
        rate: Double?, tokens: Int?, rateName: String = "--compression", tokensName: String = "--compress-to"
    ) throws -> CompressionTarget? {
        switch (rate, tokens) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw QuarryError.invalidInput("give \(rateName) or \(tokensName), not both")
        case (let rate?, nil):
            guard rate.isFinite, (1...100).contains(rate) else {
                throw QuarryError.invalidInput("\(rateName) must be a rate between 1 and 100 (2 keeps half the tokens; got \(rate))")
            }
            return .rate(rate)
        case (nil, let tokens?):
            guard (1...131_072).contains(tokens) else {
                throw QuarryError.invalidInput("\(tokensName) must be between 1 and 131072 tokens (got \(tokens))")
            }
            return .tokens(tokens)
        }
    }
}
