/// Splits text into the words byte-level BPE merges within, following llama.cpp's
/// pre-tokenizers: optionally every number character alone first (`smollm`, `starcoder`),
/// then the GPT-2 rule `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
public struct GPT2PreTokenizer: Sendable {
    /// Whether each number character (category N) becomes its own piece before the GPT-2 rule.
    public let splitDigits: Bool

    /// Creates a pre-tokenizer; `splitDigits` is true for SmolLM2's `smollm` rules.
    public init(splitDigits: Bool) { self.splitDigits = splitDigits }

    /// The words of `text`, in order; concatenated they give back `text`.
    public func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        var start = 0
        if splitDigits {
            for i in 0..<scalars.count where Self.isNumber(scalars[i]) {
                splitGPT2(scalars, start, i, into: &words)
                words.append(String(scalars[i]))
                start = i + 1
            }
        }
        splitGPT2(scalars, start, scalars.count, into: &words)
        return words
    }

    /// The GPT-2 rule over scalars[start..<end], as llama.cpp's hand-written matcher applies it.
    private func splitGPT2(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, into words: inout [String]) {
        guard start < end else { return }
        func at(_ i: Int) -> Unicode.Scalar? { i < end ? s[i] : nil }
        func isLetter(_ i: Int) -> Bool { at(i).map(Self.isLetter) ?? false }
        func isNumber(_ i: Int) -> Bool { at(i).map(Self.isNumber) ?? false }
        func isSpace(_ i: Int) -> Bool { at(i).map(Self.isWhitespace) ?? false }
        func isOther(_ i: Int) -> Bool { i < end && !isSpace(i) && !isLetter(i) && !isNumber(i) }
        var pos = start
        var wordStart = start
        func emit(_ newEnd: Int) {
            if newEnd > wordStart { words.append(Self.string(s[wordStart..<newEnd])) }
            wordStart = newEnd
            pos = newEnd
        }
        while pos < end {
            let c = s[pos]
            if c == "'", let next = at(pos + 1) {
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    emit(pos + 2)
                    continue
                }
                if let third = at(pos + 2),
                    (next == "r" && third == "e") || (next == "v" && third == "e") || (next == "l" && third == "l")
                {
                    emit(pos + 3)
                    continue
                }
            }
            let probe = c == " " ? pos + 1 : pos
            if isLetter(probe) {
                var p = probe
                while isLetter(p) { p += 1 }
                emit(p)
                continue
            }
            if isNumber(probe) {
                var p = probe
                while isNumber(p) { p += 1 }
                emit(p)
                continue
            }
            if isOther(probe) {
                var p = probe
                while isOther(p) { p += 1 }
                emit(p)
                continue
            }
            var spaces = 0
            while isSpace(pos + spaces) { spaces += 1 }
            if spaces > 1 && pos + spaces < end {
                emit(pos + spaces - 1)  // \s+(?!\S): leave the last space for the next word
                continue
            }
            if spaces > 0 {
                emit(pos + spaces)
                continue
            }
            emit(pos + 1)
        }
    }

    /// `scalars` as a string, encoded into its UTF-8 storage in one pass (building a
    /// `UnicodeScalarView` scalar by scalar was most of the pre-tokenizer's time in ingest).
    /// The capacity is the exact byte count, so a word of up to 15 bytes stays a small
    /// string, without an allocation.
    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.reduce(0) { $0 + UTF8.width($1) }) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.value < 128 ? asciiClasses[Int(s.value)] == .letter : isLetterCategory(s)
    }

    static func isNumber(_ s: Unicode.Scalar) -> Bool {
        s.value < 128 ? asciiClasses[Int(s.value)] == .number : isNumberCategory(s)
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s.value < 128 ? asciiClasses[Int(s.value)] == .whitespace : s.properties.isWhitespace
    }

    /// What the GPT-2 rule asks of a scalar.
    private enum ScalarClass {
        case letter, number, whitespace, other
    }

    /// Unicode's answers for each ASCII scalar, read once: most text is ASCII, and the
    /// property lookups were most of the pre-tokenizer's time.
    private static let asciiClasses: [ScalarClass] = (0..<128).map {
        let s = Unicode.Scalar(UInt8($0))
        if isLetterCategory(s) { return .letter }
        if isNumberCategory(s) { return .number }
        return s.properties.isWhitespace ? .whitespace : .other
    }

    private static func isLetterCategory(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    private static func isNumberCategory(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }
}
