import QuarryCore

/// Which selector, compression and generator a question goes through: what `ask`,
/// `eval qa` and each `/v1/query` request name, and what ``PipelineFactory`` builds.
public struct StageChoice: Sendable, Equatable {
    public var selector: SelectorKind
    /// Nil: the selected context goes to the generator as it is.
    public var compression: CompressionTarget?
    public var generator: GeneratorKind

    public init(selector: SelectorKind = .topk, compression: CompressionTarget? = nil, generator: GeneratorKind = .extractive) {
        self.selector = selector
        self.compression = compression
        self.generator = generator
    }
}

/// The selectors a user can name (`--selector`, request field `selector`).
public enum SelectorKind: String, Sendable, Codable, CaseIterable {
    /// Greedy: the best-ranked chunks that fit the budget, in rank order.
    case topk
}

/// The generators a user can name (`--generator`, request field `generator`).
public enum GeneratorKind: String, Sendable, Codable, CaseIterable {
    /// No generator: the pipeline stops once the context is built (evaluation of the
    /// stages before generation).
    case none
    /// The best sentences of the context for the question, cited; no model needed.
    case extractive
}

/// How far compression shortens the selected context, in the generator's tokens.
public enum CompressionTarget: Sendable, Equatable {
    /// Keep about 1/rate of the tokens (`--compression 3` keeps a third).
    case rate(Double)
    /// Keep at most this many tokens.
    case tokens(Int)

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
