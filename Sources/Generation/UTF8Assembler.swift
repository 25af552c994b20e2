/// Turns a model's token bytes into text as they arrive: a character split across
/// tokens is held until its last byte comes, so no piece ends mid-character.
public struct UTF8Assembler: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Appends `bytes` and returns the text that is complete.
    public mutating func append(_ bytes: [UInt8]) -> String {
        pending += bytes
        let complete = completePrefixLength()
        // Not UTF-8 even with more bytes to come: show it with replacement characters.
        if complete == 0 && pending.count >= 4 { return flush() }
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Whatever is left, with replacement characters for an unfinished sequence.
    public mutating func flush() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of `pending` without a trailing, unfinished multi-byte sequence.
    private func completePrefixLength() -> Int {
        var start = pending.count
        // Find the lead byte of the last sequence (at most 3 continuation bytes back).
        while start > 0 && pending.count - start < 4 {
            start -= 1
            if pending[start] & 0xC0 != 0x80 { break }
        }
        guard start < pending.count else { return pending.count }
        let lead = pending[start]
        let needed = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return pending.count - start >= needed ? pending.count : start
    }
}
