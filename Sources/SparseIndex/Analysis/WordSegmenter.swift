/// Splits text into lower-case words the way bm25s (and scikit-learn's
/// `CountVectorizer`) do with Python's `text.lower()` then `(?u)\b\w\w+\b`:
/// maximal runs of two or more word characters after full Unicode lower-casing.
///
/// A word character is what Python's `\w` matches: a letter (general category
/// L*), a character with a numeric value (digits, Roman numerals, fractions,
/// CJK numerals) or `_`. Combining marks are not, so text should be NFC.
/// Lower-casing is per scalar with the full mappings (`İ` → `i̇`) and Greek
/// final sigma, as Python does.
struct WordSegmenter {
    /// Calls `body` with each word of `text`, in order, repeats included.
    static func forEachWord(in text: String, _ body: (String) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var wordLength = 0
        var previousCased = false
        let scalars = text.unicodeScalars

        func finishWord() {
            if wordLength >= 2 { body(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
            wordLength = 0
        }
        func append(_ scalar: Unicode.Scalar) {
            if isWordCharacter(scalar) {
                UTF8.encode(scalar) { word.append($0) }
                wordLength += 1
            } else {
                finishWord()
            }
        }

        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let value = scalar.value
            if value < 0x80 {
                let flags = asciiFlags[Int(value)]
                if flags & wordFlag != 0 {
                    let byte = UInt8(value)
                    word.append(byte &+ (flags & upperFlag != 0 ? 0x20 : 0))
                    wordLength += 1
                } else {
                    finishWord()
                }
                if flags & caseIgnorableFlag == 0 { previousCased = flags & casedFlag != 0 }
            } else {
                let properties = scalar.properties
                if value == 0x03A3 {
                    append(isFinalSigma(after: previousCased, in: scalars, at: index) ? "\u{03C2}" : "\u{03C3}")
                } else if properties.changesWhenLowercased {
                    for lower in properties.lowercaseMapping.unicodeScalars { append(lower) }
                } else {
                    append(scalar)
                }
                if !properties.isCaseIgnorable { previousCased = properties.isCased }
            }
            index = scalars.index(after: index)
        }
        finishWord()
    }

    /// Python's `\w`: letters, characters with a numeric value, and `_`.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return asciiFlags[Int(scalar.value)] & wordFlag != 0 }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return properties.numericType != nil
        }
    }

    /// Capital sigma lower-cases to final `ς` after a cased letter (case-ignorable
    /// characters skipped) when no cased letter follows (the same skipped).
    private static func isFinalSigma(
        after previousCased: Bool, in scalars: String.UnicodeScalarView, at index: String.Index
    ) -> Bool {
        guard previousCased else { return false }
        var next = scalars.index(after: index)
        while next != scalars.endIndex {
            let properties = scalars[next].properties
            if !properties.isCaseIgnorable { return !properties.isCased }
            next = scalars.index(after: next)
        }
        return true
    }

    private static let wordFlag: UInt8 = 1
    private static let upperFlag: UInt8 = 2
    private static let casedFlag: UInt8 = 4
    private static let caseIgnorableFlag: UInt8 = 8

    /// Per ASCII scalar: word character, upper-case letter, cased, case-ignorable.
    private static let asciiFlags: [UInt8] = (0..<128).map { value in
        let scalar = Unicode.Scalar(UInt8(value))
        let properties = scalar.properties
        var flags: UInt8 = 0
        if scalar.properties.isAlphabetic || properties.numericType != nil || scalar == "_" { flags |= wordFlag }
        if properties.isUppercase { flags |= upperFlag }
        if properties.isCased { flags |= casedFlag }
        if properties.isCaseIgnorable { flags |= caseIgnorableFlag }
        return flags
    }
}
