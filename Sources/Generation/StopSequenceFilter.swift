/// Passes generated text on as it streams while watching for stop sequences: text
/// that might be the start of a stop sequence is held back until the next piece
/// shows whether it is, and a completed stop sequence ends the answer without
/// itself being shown.
public struct StopSequenceFilter: Sendable {
    public let stopSequences: [String]
    private var held = ""
    /// True once a stop sequence appeared; nothing more is passed on.
    public private(set) var stopped = false

    public init(stopSequences: [String]) {
        self.stopSequences = stopSequences.filter { !$0.isEmpty }
    }

    /// Takes the next piece of text and returns what can be shown now.
    public mutating func feed(_ piece: String) -> String {
        guard !stopped else { return "" }
        held += piece
        if let cut = earliestStop(in: held) {
            stopped = true
            let shown = String(held[..<cut])
            held = ""
            return shown
        }
        let keep = longestPartialStop(atEndOf: held)
        let shown = String(held.dropLast(keep))
        held = String(held.suffix(keep))
        return shown
    }

    /// The text still held back, once the answer is over.
    public mutating func flush() -> String {
        defer { held = "" }
        return stopped ? "" : held
    }

    private func earliestStop(in text: String) -> String.Index? {
        stopSequences.compactMap { text.range(of: $0)?.lowerBound }.min()
    }

    /// How many characters at the end of `text` begin some stop sequence.
    private func longestPartialStop(atEndOf text: String) -> Int {
        var longest = 0
        for stop in stopSequences {
            var length = min(stop.count - 1, text.count)
            while length > longest {
                if text.hasSuffix(stop.prefix(length)) {
                    longest = length
                    break
                }
                length -= 1
            }
        }
        return longest
    }
}
