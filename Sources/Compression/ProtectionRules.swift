/// What compression holds on to, by ``ProtectionPriority``: the caller's forced strings
/// (never dropped), the question's own words, sentence ends and line breaks, numbers and
/// dates (any word with a digit) with the unit word after a number and code spans between
/// backticks (higher in a sentence that holds a question word), and capitalised words.
public struct ProtectionRules: Sendable, Equatable {
    /// Whether the rules apply at all (the baselines drop blindly; forced strings still hold).
    public var enabled: Bool
    /// Strings kept wherever they occur, matched byte for byte.
    public var forced: [String]

    public init(enabled: Bool = true, forced: [String] = []) {
        self.enabled = enabled
        self.forced = forced
    }

    /// No protection: random dropping and truncation.
    public static let none = ProtectionRules(enabled: false)

    /// Words that name a unit after a number ("5 mg", "40 percent", "3 days").
    static let unitWords: Set<String> = [
        "%", "percent", "per", "cent", "mg", "g", "kg", "µg", "ug", "ml", "l", "mm", "cm", "m", "km", "mi", "ft",
        "s", "ms", "sec", "seconds", "min", "minutes", "h", "hr", "hours", "day", "days", "week", "weeks",
        "month", "months", "year", "years", "°c", "°f", "c", "f", "k", "°", "mph", "kph", "kb", "mb", "gb", "tb",
        "hz", "khz", "mhz", "ghz", "w", "kw", "mw", "v", "mv", "ma", "million", "billion", "thousand",
        "hundred", "tonnes", "tonne", "tons", "metres", "meters", "litres", "liters", "miles", "feet", "times", "fold", "x", "people", "cases", "patients", "deaths",
    ]

    /// One priority per byte of `bytes`; `questionTerms` are lower-cased content words
    /// of the question (``QuestionTerms/of(_:)``).
    public func priorities(of bytes: [UInt8], questionTerms: Set<String> = []) -> [ProtectionPriority] {
        var levels = [ProtectionPriority](repeating: .none, count: bytes.count)
        if enabled {
            markWords(bytes, &levels)
            markCodeSpans(bytes, &levels)
            raiseNearQuestion(bytes, questionTerms, &levels)
            markSentenceEnds(bytes, &levels)
        }
        markForced(bytes, &levels)
        return levels
    }

    /// Numbers, the unit after them, and capitalised words, found word by word (runs
    /// between spaces).
    private func markWords(_ bytes: [UInt8], _ levels: inout [ProtectionPriority]) {
        var words: [Range<Int>] = []
        var start: Int?
        for (i, byte) in bytes.enumerated() {
            if UnitSegmenter.isSpace(byte) {
                if let s = start { words.append(s..<i) }
                start = nil
            } else if start == nil {
                start = i
            }
        }
        if let s = start { words.append(s..<bytes.count) }
        var afterNumber = false
        for word in words {
            let slice = bytes[word]
            let hasDigit = slice.contains { (0x30...0x39).contains($0) }
            let leadingPunctuation = slice.prefix { UnitSegmenter.isPunctuation($0) }.count
            let capitalised = leadingPunctuation < slice.count && isUppercaseStart(bytes, at: word.lowerBound + leadingPunctuation)
            let core = slice.filter { !UnitSegmenter.isPunctuation($0) || $0 == 0x25 }
            let isUnit = afterNumber && Self.unitWords.contains(String(decoding: core, as: UTF8.self).lowercased())
            let level: ProtectionPriority = hasDigit || isUnit ? .literal : capitalised ? .capitalised : .none
            if level > .none { raise(&levels, word, to: level) }
            afterNumber = hasDigit
        }
    }

    /// Literals in a sentence holding a question word move up, and the question's words
    /// themselves above them.
    private func raiseNearQuestion(_ bytes: [UInt8], _ terms: Set<String>, _ levels: inout [ProtectionPriority]) {
        guard !terms.isEmpty else { return }
        for sentence in QuestionTerms.sentences(bytes) {
            var named = false
            for word in QuestionTerms.words(bytes[sentence]) where terms.contains(word.text) {
                named = true
                raise(&levels, word.range, to: .questionTerm)
            }
            guard named else { continue }
            for i in sentence where levels[i] == .literal { levels[i] = .literalNearQuestion }
        }
    }

    private func raise(_ levels: inout [ProtectionPriority], _ range: Range<Int>, to level: ProtectionPriority) {
        for i in range where levels[i] < level { levels[i] = level }
    }

    /// Whether the character at `offset` is an uppercase letter (ASCII or not).
    private func isUppercaseStart(_ bytes: [UInt8], at offset: Int) -> Bool {
        let byte = bytes[offset]
        if byte < 0x80 { return (0x41...0x5A).contains(byte) }
        var end = offset + 1
        while end < bytes.count, UnitSegmenter.isContinuation(bytes[end]) { end += 1 }
        guard let scalar = String(decoding: bytes[offset..<end], as: UTF8.self).unicodeScalars.first else { return false }
        return scalar.properties.isUppercase
    }

    /// Text between backticks, the backticks included (inline code and fenced blocks).
    private func markCodeSpans(_ bytes: [UInt8], _ levels: inout [ProtectionPriority]) {
        for span in WholeSpans.codeSpans(bytes) { raise(&levels, span, to: .literal) }
    }

    /// The spans compression keeps or drops whole (``WholeSpans``); none without protection.
    func wholeSpans(of bytes: [UInt8]) -> [Range<Int>] {
        enabled ? WholeSpans.of(bytes) : []
    }

    /// Sentence-ending punctuation followed by a space or the end, and line breaks.
    private func markSentenceEnds(_ bytes: [UInt8], _ levels: inout [ProtectionPriority]) {
        for i in bytes.indices where bytes[i] == 0x0A || QuestionTerms.isSentenceEnd(bytes, at: i) {
            raise(&levels, i..<(i + 1), to: .boundary)
        }
    }

    private func markForced(_ bytes: [UInt8], _ levels: inout [ProtectionPriority]) {
        for string in forced {
            let needle = Array(string.utf8)
            guard !needle.isEmpty, needle.count <= bytes.count else { continue }
            var i = 0
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    raise(&levels, i..<(i + needle.count), to: .forced)
                    i += needle.count
                } else {
                    i += 1
                }
            }
        }
    }
}
