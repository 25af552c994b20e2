/// A tokenizer-free stand-in for a BPE token count, close enough to size chunks.
///
/// The rule, applied over Unicode scalars:
/// - a word (a run of letters, digits and combining marks) of up to 6 scalars is 1 token;
///   a longer word is ⌈length / 4⌉ tokens ("sentence" 2, "normalization" 4);
/// - each CJK ideograph, kana or hangul syllable is 1 token of its own;
/// - each other non-whitespace scalar (punctuation, symbols, emoji) is 1 token;
/// - whitespace is free.
///
/// The count is additive across whitespace: a text's count is the sum of its
/// whitespace-separated pieces' counts.
public struct ApproximateTokenCounter: TokenCounter {
    /// Creates the counter; it has no settings.
    public init() {}

    /// The approximate token count of `text` under the rule above.
    public func count(_ text: Substring) -> Int {
        var tokens = 0
        var wordLength = 0
        for scalar in text.unicodeScalars {
            switch Self.kind(of: scalar) {
            case .wordPart:
                wordLength += 1
            case .standalone:
                tokens += Self.tokens(forWordOfLength: wordLength) + 1
                wordLength = 0
            case .space:
                tokens += Self.tokens(forWordOfLength: wordLength)
                wordLength = 0
            }
        }
        return tokens + Self.tokens(forWordOfLength: wordLength)
    }

    /// `alone`: whitespace is free and ends a word, so a gap adds nothing.
    public func count(_ text: Substring, afterGap gap: Substring, alone: Int) -> Int? {
        gap.isWhitespaceGap(before: text) ? alone : nil
    }

    private enum ScalarKind {
        case wordPart, standalone, space
    }

    private static func tokens(forWordOfLength length: Int) -> Int {
        if length == 0 { return 0 }
        return length <= 6 ? 1 : (length + 3) / 4
    }

    private static func kind(of scalar: Unicode.Scalar) -> ScalarKind {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .wordPart
            case 0x09...0x0D, 0x20: return .space
            default: return .standalone
            }
        }
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        if properties.isIdeographic || isKanaOrHangul(value) { return .standalone }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return .wordPart
        default:
            return .standalone
        }
    }

    private static func isKanaOrHangul(_ value: UInt32) -> Bool {
        (0x3040...0x30FF).contains(value) || (0xAC00...0xD7A3).contains(value)
    }
}
