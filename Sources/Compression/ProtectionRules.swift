/// What compression never drops: numbers and dates (any word with a digit) and the unit
/// word after a number, named entities (capitalised words), code spans between
/// backticks, sentence ends and line breaks (so the kept text still reads as sentences),
/// and every occurrence of the caller's forced strings.
public struct ProtectionRules: Sendable, Equatable {
    /// Whether the rules apply at all (the baselines drop blindly).
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

    /// One flag per byte of `bytes`: true where the byte must be kept.
    public func protectedBytes(of bytes: [UInt8]) -> [Bool] {
        var flags = [Bool](repeating: false, count: bytes.count)
        guard enabled else {
            markForced(bytes, &flags)
            return flags
        }
        markWords(bytes, &flags)
        markCodeSpans(bytes, &flags)
        markSentenceEnds(bytes, &flags)
        markForced(bytes, &flags)
        return flags
    }

    /// Numbers, the unit after them, and capitalised words, found word by word (runs
    /// between spaces).
    private func markWords(_ bytes: [UInt8], _ flags: inout [Bool]) {
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
            let core = String(decoding: slice.filter { !UnitSegmenter.isPunctuation($0) || $0 == 0x25 }, as: UTF8.self).lowercased()
            let isUnit = afterNumber && Self.unitWords.contains(core)
            if hasDigit || capitalised || isUnit {
                for i in word { flags[i] = true }
            }
            afterNumber = hasDigit
        }
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
    private func markCodeSpans(_ bytes: [UInt8], _ flags: inout [Bool]) {
        var open: Int?
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x60 {
                var run = i
                while run < bytes.count, bytes[run] == 0x60 { run += 1 }
                if let o = open {
                    for j in o..<run { flags[j] = true }
                    open = nil
                } else {
                    open = i
                }
                i = run
            } else {
                i += 1
            }
        }
    }

    /// Sentence-ending punctuation followed by a space or the end, and line breaks.
    private func markSentenceEnds(_ bytes: [UInt8], _ flags: inout [Bool]) {
        for (i, byte) in bytes.enumerated() {
            if byte == 0x0A {
                flags[i] = true
            } else if byte == 0x2E || byte == 0x3F || byte == 0x21 {
                if i + 1 == bytes.count || UnitSegmenter.isSpace(bytes[i + 1]) { flags[i] = true }
            }
        }
    }

    private func markForced(_ bytes: [UInt8], _ flags: inout [Bool]) {
        for string in forced {
            let needle = Array(string.utf8)
            guard !needle.isEmpty, needle.count <= bytes.count else { continue }
            var i = 0
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    for j in i..<(i + needle.count) { flags[j] = true }
                    i += needle.count
                } else {
                    i += 1
                }
            }
        }
    }
}
