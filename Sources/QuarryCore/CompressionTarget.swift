/// How far compression shortens the selected context, in the generator's tokens.
public enum CompressionTarget: Sendable, Equatable {
    /// Keep about 1/rate of the tokens (`--compression 3` keeps a third).
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

    /// Checks the range; the message names the option at fault.
    public func validate() throws {
        switch self {
        case .rate(let rate):
            guard rate.isFinite, (1...20).contains(rate) else {
                throw QuarryError.invalidInput("compression rate must be between 1 and 20 (got \(rate))")
            }
        case .tokens(let tokens):
            guard (16...131_072).contains(tokens) else {
                throw QuarryError.invalidInput("compression target must be between 16 and 131072 tokens (got \(tokens))")
            }
        }
    }
}
