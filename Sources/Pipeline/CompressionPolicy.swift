import QuarryCore

/// When compression runs if the user named none (``CompressionRequest/automatic``): per
/// generator, a rate applied only to selected contexts of at least a minimum size.
/// ``measured`` is what `eval qa` measured (README, "When compression runs").
public struct CompressionPolicy: Sendable, Equatable {
    /// Compress to about 1/`rate` once the selected context holds `minimumTokens` or more.
    public struct Rule: Sendable, Equatable {
        public var rate: Double
        public var minimumTokens: Int

        public init(rate: Double, minimumTokens: Int) {
            self.rate = rate
            self.minimumTokens = minimumTokens
        }
    }

    /// What a pipeline does: compress to `target` the selected contexts of at least
    /// `minimumTokens` (0: every context). ``QueryPipeline`` alone applies the minimum
    /// (``QueryPipeline/compressionMinimumTokens``), where the selected context is known.
    public struct Decision: Sendable, Equatable {
        public var target: CompressionTarget
        public var minimumTokens: Int

        public init(target: CompressionTarget, minimumTokens: Int) {
            self.target = target
            self.minimumTokens = minimumTokens
        }
    }

    /// The rule of each generator; a generator without one is not compressed unless asked.
    public var rules: [GeneratorKind: Rule]

    public init(rules: [GeneratorKind: Rule] = [:]) {
        self.rules = rules
    }

    /// Nothing is compressed unless a request names a target.
    public static let never = CompressionPolicy()

    /// The default, from `eval qa` (README, "When compression runs"): the local and the
    /// OpenAI-compatible generators read 2× compressed `lexical` contexts from 768 selected
    /// tokens on (SmolLM2's F1 did not drop at 950–1,400 tokens and its generation took
    /// 0.6× the time; a per-token bill halves; answer survival stays 0.88–1.00 of
    /// uncompressed and above an equally small uncompressed budget's); below that, at
    /// 460 tokens, F1 fell. The extractive generator is never compressed: it has no
    /// tokens to save and compression only costs it milliseconds and answers.
    public static let measured = CompressionPolicy(rules: [
        .local: Rule(rate: 2, minimumTokens: 768),
        .openai: Rule(rate: 2, minimumTokens: 768),
    ])

    /// The decision for `request` with `generator`; nil: no compression. An explicit
    /// `off` or target wins over the rules.
    public func decision(_ request: CompressionRequest, generator: GeneratorKind) -> Decision? {
        switch request {
        case .off: nil
        case .target(let target): Decision(target: target, minimumTokens: 0)
        case .automatic: rules[generator].map { Decision(target: .rate($0.rate), minimumTokens: $0.minimumTokens) }
        }
    }
}
