import QuarryCore

/// How a language-model generator writes: how long, how randomly, where it stops, and
/// in which order it sees its sources. Shared by the local and the OpenAI-compatible
/// generator so `--max-tokens` or a request's `temperature` mean the same for both.
public struct GenerationSettings: Sendable, Equatable {
    /// The most answer tokens (1–4096).
    public var maxTokens: Int
    /// 0 is greedy (the default: answers are repeatable); up to 2.
    public var temperature: Float
    /// Nucleus sampling: keep tokens up to this cumulative probability (0, 1].
    public var topP: Float
    /// Text that ends the answer when the model writes it (not shown).
    public var stopSequences: [String]
    /// Seed of sampling, so a sampled answer can be repeated.
    public var seed: UInt64
    /// Where the strongest passages go in the prompt.
    public var sourceOrder: SourceOrder
    /// The in-process model writes no run of this many answer tokens twice (0: no guard;
    /// ``LocalGenerator`` only): SmolLM2-135M otherwise repeats a sentence until the
    /// token limit. The default is measured (README, Generation).
    public var noRepeatNgram: Int

    /// The longest answer a request may ask for.
    public static let maxTokensLimit = 4096
    /// At most this many stop sequences, each at most `stopSequenceBytes` long.
    public static let stopSequenceLimit = 8
    public static let stopSequenceBytes = 64
    /// The repeat guard's default n-gram length, in tokens.
    public static let defaultNoRepeatNgram = 8
    /// The longest n-gram the guard takes.
    public static let noRepeatNgramLimit = 64

    public init(
        maxTokens: Int = 256, temperature: Float = 0, topP: Float = 0.95, stopSequences: [String] = [],
        seed: UInt64 = 0, sourceOrder: SourceOrder = .relevanceFirst, noRepeatNgram: Int = defaultNoRepeatNgram
    ) {
        self.noRepeatNgram = noRepeatNgram
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stopSequences = stopSequences
        self.seed = seed
        self.sourceOrder = sourceOrder
    }

    /// Checks every bound; the message names the setting (`max_tokens`, as in requests and flags alike).
    public func validate() throws {
        guard (1...Self.maxTokensLimit).contains(maxTokens) else {
            throw QuarryError.invalidInput("max_tokens must be between 1 and \(Self.maxTokensLimit) (got \(maxTokens))")
        }
        guard temperature.isFinite, (0...2).contains(temperature) else {
            throw QuarryError.invalidInput("temperature must be between 0 and 2 (got \(temperature))")
        }
        guard topP.isFinite, topP > 0, topP <= 1 else {
            throw QuarryError.invalidInput("top_p must be in (0, 1] (got \(topP))")
        }
        guard noRepeatNgram == 0 || (2...Self.noRepeatNgramLimit).contains(noRepeatNgram) else {
            throw QuarryError.invalidInput(
                "no-repeat-ngram must be 0 (off) or between 2 and \(Self.noRepeatNgramLimit) (got \(noRepeatNgram))"
            )
        }
        guard stopSequences.count <= Self.stopSequenceLimit,
            stopSequences.allSatisfy({ $0.utf8.count <= Self.stopSequenceBytes })
        else {
            throw QuarryError.invalidInput(
                "stop takes at most \(Self.stopSequenceLimit) sequences of at most \(Self.stopSequenceBytes) bytes each"
            )
        }
    }
}

/// A generator whose writing settings can be changed per request (`max_tokens`,
/// `temperature`, … of a chat completion).
public protocol ConfigurableGenerator: Generator {
    var settings: GenerationSettings { get }
    /// The same generator with other settings.
    func with(_ settings: GenerationSettings) -> Self
}
