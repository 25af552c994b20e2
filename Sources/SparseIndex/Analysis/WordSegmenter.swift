/// Splits text into lower-case words the way bm25s (and scikit-learn's
/// `CountVectorizer`) do with Python's `text.lower()` then `(?u)\b\w\w+\b`:
/// maximal runs of two or more word characters after full Unicode lower-casing,
/// except for CJK text (below).
///
/// A word character is what Python's `\w` matches: a letter (general category
/// L*), a character with a numeric value (digits, Roman numerals, fractions,
/// CJK numerals) or `_`. Combining marks are not, so text should be NFC.
/// Lower-casing is per scalar with the full mappings (`İ` → `i̇`) and Greek
/// final sigma, as Python does.
///
/// Han, Hiragana, Katakana and Hangul are written without spaces, so a `\w` run of
/// them is a whole clause; such runs are cut from the letters around them and become
/// ``CJKBigrams``, after ``WidthFolding`` (fullwidth ASCII to ASCII, halfwidth katakana
/// to fullwidth) as Lucene's `CJKAnalyzer` does. Text without those characters or
/// fullwidth forms splits exactly as bm25s splits it.
struct WordSegmenter {
    /// Calls `body` with each word of `text`, in order, repeats included, and whether
    /// it is a CJK gram (which an English stemmer must leave alone).
    static func forEachWord(in text: String, _ body: (_ word: String, _ isCJK: Bool) -> Void) {
        var text = text
        text.withUTF8 { bytes in forEachWord(in: bytes, body) }
    }

    /// The same over valid UTF-8: ASCII bytes take a table lookup, other scalars
    /// are decoded and lower-cased through their Unicode properties.
    private static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (String, Bool) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var wordLength = 0
        var previousCased = false
        /// The CJK characters read since the last other character.
        var run: [Unicode.Scalar] = []

        func finishWord() {
            if wordLength >= 2 { body(String(decoding: word, as: UTF8.self), false) }
            word.removeAll(keepingCapacity: true)
            wordLength = 0
        }
        func finishRun() {
            guard !run.isEmpty else { return }
            CJKBigrams.forEachGram(in: run) { body($0, true) }
            run.removeAll(keepingCapacity: true)
        }
        func appendASCII(_ byte: UInt8) {
            let flags = asciiFlags[Int(byte)]
            if flags & wordFlag != 0 {
                finishRun()
                word.append(byte &+ (flags & upperFlag != 0 ? 0x20 : 0))
                wordLength += 1
            } else {
                finishWord()
                finishRun()
            }
            if flags & caseIgnorableFlag == 0 { previousCased = flags & casedFlag != 0 }
        }
        func append(_ scalar: Unicode.Scalar) {
            if !isWordCharacter(scalar) {
                finishWord()
                finishRun()
            } else if CJKBigrams.contains(scalar) {
                finishWord()
                run.append(scalar)
            } else {
                finishRun()
                UTF8.encode(scalar) { word.append($0) }
                wordLength += 1
            }
        }

        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                appendASCII(byte)
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(in: bytes, at: index)
            index += length
            if let ascii = WidthFolding.ascii(fromFullwidth: scalar) {
                appendASCII(ascii)
                continue
            }
            if let kana = WidthFolding.fullwidthKatakana(scalar) {
                if kana.properties.generalCategory == .nonspacingMark, let last = run.last,
                   let voiced = WidthFolding.composed(last, with: kana) {
                    run[run.count - 1] = voiced
                } else {
                    append(kana)
                }
                if !scalar.properties.isCaseIgnorable { previousCased = false }
                continue
            }
            let properties = scalar.properties
            if scalar.value == 0x03A3 {
                let final = previousCased && !isCasedLetterNext(in: bytes, from: index)
                append(final ? "\u{03C2}" : "\u{03C3}")
            } else if properties.changesWhenLowercased {
                for lower in properties.lowercaseMapping.unicodeScalars { append(lower) }
            } else {
                append(scalar)
            }
            if !properties.isCaseIgnorable { previousCased = properties.isCased }
        }
        finishWord()
        finishRun()
    }

    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    private static func decodeScalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = length == 1 ? lead : lead & (0xFF >> (length + 1))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value)!, length)
    }

    /// Whether a cased character follows `index`, case-ignorable characters skipped
    /// (capital sigma is final, `ς`, after a cased letter when none follows).
    private static func isCasedLetterNext(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
        var index = index
        while index < bytes.count {
            let (scalar, length) = decodeScalar(in: bytes, at: index)
            let properties = scalar.properties
            if !properties.isCaseIgnorable { return properties.isCased }
            index += length
        }
        return false
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
