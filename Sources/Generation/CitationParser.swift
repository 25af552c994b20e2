import QuarryCore

/// Finds the bracketed source numbers an answer cites (`[2]`, `[1][3]`, `[1, 3]`,
/// `[Source 2]`) and maps them to the documents and byte ranges of the numbered
/// sources, flagging an answer that cites nothing or a number it was not given.
public enum CitationParser {
    /// The source numbers cited in `text`, in order of first citation, without repeats.
    public static func citedNumbers(in text: String) -> [Int] {
        var numbers: [Int] = []
        var seen = Set<Int>()
        for (_, group) in markers(in: text) {
            for number in group where seen.insert(number).inserted { numbers.append(number) }
        }
        return numbers
    }

    /// `text` without its citation markers (what `eval qa` compares with gold answers).
    public static func removingMarkers(from text: String) -> String {
        var kept = ""
        var index = text.startIndex
        for (range, _) in markers(in: text) {
            kept += text[index..<range.lowerBound]
            index = range.upperBound
        }
        return kept + text[index...]
    }

    /// Each citation marker of `text` (brackets included) with the numbers it cites.
    private static func markers(in text: String) -> [(range: Range<String.Index>, numbers: [Int])] {
        var found: [(range: Range<String.Index>, numbers: [Int])] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            guard let close = text[open...].firstIndex(of: "]") else { break }
            let inside = text[text.index(after: open)..<close]
            index = text.index(after: open)
            guard inside.count <= 40, let group = numbersInBracket(inside),
                !isSectionHeading(text[text.index(after: close)...])
            else { continue }
            found.append((open..<text.index(after: close), group))
            index = close
        }
        return found
    }

    /// Whether the text after a bracket starts with a section number (`26.3.4.1`, after
    /// at most one space): `[1] 26.3.4.1.1.1` copies a source's heading, it cites nothing.
    static func isSectionHeading(_ after: Substring) -> Bool {
        let rest = after.first == " " ? after.dropFirst() : after
        let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.prefix(2).allSatisfy { !$0.isEmpty }
    }

    /// The numbers of one bracket's inside, or nil when it is not a citation
    /// (`[note]`, `[]`): digits separated by commas, semicolons, spaces, dashes for
    /// ranges, optionally after the word "source".
    static func numbersInBracket(_ inside: Substring) -> [Int]? {
        var body = inside.lowercased()
        for word in ["sources", "source", "src"] where body.hasPrefix(word) {
            body.removeFirst(word.count)
            break
        }
        var numbers: [Int] = []
        for part in body.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let trimmed = part.filter { $0 != " " }
            if trimmed.isEmpty { continue }
            let bounds = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
                let first = Int(bounds[0]), let last = Int(bounds[bounds.count - 1]), first >= 0, first <= last,
                last - first < 32
            else { return nil }
            numbers += Array(first...last)
        }
        return numbers.isEmpty ? nil : numbers
    }

    /// `text` as an answer citing `sources` (numbered from 1): one citation per cited
    /// source, in order of first citation, covering the source bytes of the whole
    /// passage, and the flags for what is wrong.
    public static func answer(_ text: String, sources: [ContextPassage]) -> GeneratedAnswer {
        let cited = citedNumbers(in: text)
        var citations: [Citation] = []
        var flags: [CitationFlag] = []
        for number in cited {
            guard number >= 1 && number <= sources.count else {
                if !flags.contains(.citesUnknownSource) { flags.append(.citesUnknownSource) }
                continue
            }
            let passage = sources[number - 1]
            let range = passage.sourceRange(of: 0..<passage.text.utf8.count)
                ?? passage.chunk.byteStart..<passage.chunk.byteEnd
            citations.append(Citation(
                document: passage.chunk.document, chunkID: passage.chunk.chunkID, byteStart: range.lowerBound,
                byteEnd: range.upperBound, text: passage.text, source: number
            ))
        }
        if cited.isEmpty { flags.insert(.citesNothing, at: 0) }
        return GeneratedAnswer(text: text, citations: citations, citationFlags: flags)
    }
}
