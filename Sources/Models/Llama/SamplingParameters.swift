/// How the next token is chosen from the logits.
public struct SamplingParameters: Sendable, Equatable {
    /// 0 picks the most likely token (greedy); above 0 divides the logits before sampling.
    public var temperature: Float
    /// Keep only the k most likely tokens (0: all).
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches p (1: all).
    public var topP: Float
    /// Seed of the random generator, so a run can be repeated.
    public var seed: UInt64
    /// No answer n-gram of this many tokens is written twice (0: no guard); see
    /// `RepeatedNgramGuard`.
    public var noRepeatNgram: Int

    /// Greedy decoding unless a temperature is given.
    public init(temperature: Float = 0, topK: Int = 40, topP: Float = 0.95, seed: UInt64 = 0, noRepeatNgram: Int = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
        self.noRepeatNgram = noRepeatNgram
    }
}
