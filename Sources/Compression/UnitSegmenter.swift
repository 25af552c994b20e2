/// Groups a passage's tokens into units (``TextUnit``) that start on UTF-8 character
/// boundaries: a byte-level BPE token can end inside a character, and dropping half a
/// character would leave invalid text.
enum UnitSegmenter {
    static func units(
        bytes: [UInt8], tokenStarts: [Int], granularity: UnitGranularity, priorities: [ProtectionPriority]
    ) -> [TextUnit] {
        var units: [TextUnit] = []
        var unitStart = 0
        for t in tokenStarts.indices where t > 0 {
            let start = tokenStarts[t]
            guard start < bytes.count, !isContinuation(bytes[start]) else { continue }
            // A token of spaces alone (the pre-tokenizer splits " " from digits) joins the
            // token after it, so dropping a word takes its space and keeping it keeps it.
            let previous = bytes[tokenStarts[t - 1]..<start]
            if previous.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if granularity == .word, !startsWord(bytes, at: start) { continue }
            units.append(
                unit(tokens: unitStart..<t, tokenStarts: tokenStarts, byteCount: bytes.count, priorities: priorities)
            )
            unitStart = t
        }
        if !tokenStarts.isEmpty {
            units.append(unit(
                tokens: unitStart..<tokenStarts.count, tokenStarts: tokenStarts, byteCount: bytes.count,
                priorities: priorities
            ))
        }
        return units
    }

    /// `units` with those overlapping one of `spans` (in order) joined into one unit each,
    /// so the span is kept or dropped whole.
    static func joining(_ units: [TextUnit], within spans: [Range<Int>]) -> [TextUnit] {
        guard !spans.isEmpty else { return units }
        var joined: [TextUnit] = []
        var s = 0
        for unit in units {
            while s < spans.count, spans[s].upperBound <= unit.bytes.lowerBound { s += 1 }
            let inSpan = s < spans.count && spans[s].overlaps(unit.bytes)
            if inSpan, let last = joined.last, spans[s].overlaps(last.bytes) {
                joined[joined.count - 1] = TextUnit(
                    bytes: last.bytes.lowerBound..<unit.bytes.upperBound,
                    tokens: last.tokens.lowerBound..<unit.tokens.upperBound, priority: max(last.priority, unit.priority)
                )
            } else {
                joined.append(unit)
            }
        }
        return joined
    }

    private static func unit(
        tokens: Range<Int>, tokenStarts: [Int], byteCount: Int, priorities: [ProtectionPriority]
    ) -> TextUnit {
        let start = tokenStarts[tokens.lowerBound]
        let end = tokens.upperBound < tokenStarts.count ? tokenStarts[tokens.upperBound] : byteCount
        return TextUnit(bytes: start..<end, tokens: tokens, priority: priorities[start..<end].max() ?? .none)
    }

    /// A UTF-8 continuation byte (10xxxxxx): never the start of a character.
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Whether a word unit starts at `offset`: at a space, a line break or punctuation, or
    /// right after a line break or punctuation.
    private static func startsWord(_ bytes: [UInt8], at offset: Int) -> Bool {
        let byte = bytes[offset], before = bytes[offset - 1]
        return isSpace(byte) || isPunctuation(byte) || before == 0x0A || before == 0x0D || isPunctuation(before)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }

    static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }
}
