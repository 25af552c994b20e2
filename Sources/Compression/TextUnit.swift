/// The smallest run of a passage that compression keeps or drops whole: one token, or
/// one word with its leading space, never cutting a UTF-8 character.
public struct TextUnit: Sendable, Equatable {
    /// Its bytes in the passage's text.
    public var bytes: Range<Int>
    /// Its tokens (indices into the passage's token ids).
    public var tokens: Range<Int>
    /// How firmly it is held: the highest priority of its bytes.
    public var priority: ProtectionPriority

    public init(bytes: Range<Int>, tokens: Range<Int>, priority: ProtectionPriority) {
        self.bytes = bytes
        self.tokens = tokens
        self.priority = priority
    }

    /// Whether it is never dropped (a forced string).
    public var isForced: Bool { priority == .forced }
}

/// How finely compression cuts: LLMLingua prunes tokens; words keep every kept word whole.
public enum UnitGranularity: String, Sendable, CaseIterable {
    /// One generator token per unit (tokens that split a character are joined).
    case token
    /// One word per unit: a run of letters or digits with its leading space; punctuation
    /// and line breaks are units of their own.
    case word
}
