/// Finds sentence byte ranges in valid UTF-8 in one forward pass.
///
/// Each byte is looked at a bounded number of times: the scan decodes scalars as it
/// goes and only looks around (the word before, the word after) at candidate ends.
struct SentenceBoundaryScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var ranges: [Range<Int>] = []
    /// First byte of the sentence being read, nil between sentences.
    private var start: Int?
    /// One past the last non-whitespace byte seen.
    private var contentEnd = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The byte range of every sentence, trimmed of surrounding whitespace, in order.
    mutating func scan() -> [Range<Int>] {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80, !Self.isSpecialASCII[Int(byte)] {
                if start == nil { start = index }
                index += 1
                contentEnd = index
                continue
            }
            let (scalar, length) = decode(at: index)
            if SentencePunctuation.isWhitespace(scalar) {
                if scalar == "\n" || scalar == "\u{2029}", isParagraphBreak(newlineAt: index, length: length) {
                    close()
                }
                index += length
                continue
            }
            if start == nil { start = index }
            guard let terminator = SentencePunctuation.terminator(scalar) else {
                index += length
                contentEnd = index
                continue
            }
            let runEnd = endOfTerminatorRun(from: index + length)
            contentEnd = runEnd
            if endsSentence(terminator, at: index, length: length, runEnd: runEnd) {
                close()
            }
            index = runEnd
        }
        close()
        return ranges
    }

    /// ASCII bytes the fast path must not skip: whitespace and sentence-ending marks.
    private static let isSpecialASCII: [Bool] = (0..<128).map { (byte: UInt8) -> Bool in
        let special: Set<UInt8> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x21, 0x2E, 0x3F]
        return special.contains(byte)
    }

    private mutating func close() {
        if let first = start, contentEnd > first {
            ranges.append(first..<contentEnd)
        }
        start = nil
    }

    @inline(__always)
    private func decode(at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        func continuation(_ offset: Int) -> UInt32 { UInt32(bytes[index + offset]) & 0x3F }
        let value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = (lead & 0x1F) << 6 | continuation(1)
            length = 2
        } else if lead < 0xF0 {
            value = (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
            length = 3
        } else {
            value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
            length = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// A line break followed, after blanks, by another: the end of a paragraph.
    private func isParagraphBreak(newlineAt index: Int, length: Int) -> Bool {
        if length > 1 { return true }  // U+2029 PARAGRAPH SEPARATOR
        var next = index + 1
        while next < bytes.count {
            switch bytes[next] {
            case 0x0A: return true
            case 0x20, 0x09, 0x0B, 0x0C, 0x0D: next += 1
            default: return false
            }
        }
        return false
    }

    /// Skips further end marks and the closing quotes/brackets after them.
    private func endOfTerminatorRun(from index: Int) -> Int {
        var end = index
        while end < bytes.count {
            let (scalar, length) = decode(at: end)
            guard SentencePunctuation.terminator(scalar) != nil || SentencePunctuation.isCloser(scalar) else { break }
            end += length
        }
        return end
    }

    private func endsSentence(
        _ terminator: SentencePunctuation.Terminator, at index: Int, length: Int, runEnd: Int
    ) -> Bool {
        if terminator == .immediate || runEnd == bytes.count { return true }
        guard SentencePunctuation.isWhitespace(decode(at: runEnd).0) else { return false }
        guard let next = firstScalarOfNextWord(after: runEnd) else { return true }
        if next.properties.isLowercase { return false }
        let isSinglePeriod = terminator == .period && index + length < bytes.count && bytes[index + length] != 0x2E
        guard isSinglePeriod else { return true }
        let (wordStart, word) = word(endingAt: index)
        if wordStart == start, Self.isListOrSectionNumber(word) { return false }
        let nextIsDigit = ("0"..."9").contains(next)
        return !Abbreviations.endsAbbreviation(word, nextIsDigit: nextIsDigit)
    }

    /// "1", "8.1.1": a number opening a sentence is a list or section number ("1. Install",
    /// "8.1.1. Integer Types"), not a sentence of its own.
    private static func isListOrSectionNumber(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.first != 0x2E && word.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2E }
    }

    /// The first scalar after whitespace and opening quotes/brackets, if any.
    private func firstScalarOfNextWord(after index: Int) -> Unicode.Scalar? {
        var position = index
        while position < bytes.count {
            let (scalar, length) = decode(at: position)
            if !SentencePunctuation.isWhitespace(scalar), !SentencePunctuation.isOpener(scalar) {
                return scalar
            }
            position += length
        }
        return nil
    }

    /// The word just before `end`, back to whitespace or an opening bracket/quote
    /// (at most 32 bytes; longer words are no abbreviations).
    private func word(endingAt end: Int) -> (start: Int, text: String) {
        var begin = end
        while begin > 0, end - begin < 32 {
            let byte = bytes[begin - 1]
            if byte == 0x20 || (0x09...0x0D).contains(byte) || byte == 0x28 || byte == 0x5B
                || byte == 0x22 || byte == 0x27 {
                break
            }
            begin -= 1
        }
        while begin < end, bytes[begin] & 0xC0 == 0x80 { begin += 1 }  // land on a scalar start
        return (begin, String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<end]), as: UTF8.self))
    }
}
