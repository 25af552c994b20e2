import Foundation

/// A Markdown page cut into the pieces the documentation check reads: each line of a
/// fenced code block, each table row (with its cells and its table's header), and each
/// paragraph of prose joined into one line (an inline code span may wrap).
struct MarkdownUnits {
    struct Unit {
        var text: String
        /// The 1-based line the unit starts on.
        var line: Int
        var isCode: Bool
        /// A table row's cells, trimmed; nil outside tables.
        var cells: [String]?
        /// The header cells of the table a row belongs to, lower-cased.
        var header: [String]?
    }

    private(set) var units: [Unit] = []

    init(_ text: String) {
        var inCode = false
        var header: [String]?
        var paragraph: Unit?
        let flush = { (units: inout [Unit], paragraph: inout Unit?) in
            if let done = paragraph { units.append(done) }
            paragraph = nil
        }
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw), number = offset + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                flush(&units, &paragraph)
                inCode.toggle()
            } else if inCode {
                units.append(Unit(text: line, line: number, isCode: true))
            } else if trimmed.hasPrefix("|") {
                flush(&units, &paragraph)
                let cells = Self.cells(of: trimmed)
                if cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { continue }
                if header == nil {
                    header = cells.map { $0.lowercased() }
                } else {
                    units.append(Unit(text: line, line: number, isCode: false, cells: cells, header: header))
                }
            } else if trimmed.isEmpty || trimmed.hasPrefix("#") {
                flush(&units, &paragraph)
                header = nil
            } else {
                header = nil
                if paragraph == nil {
                    paragraph = Unit(text: trimmed, line: number, isCode: false)
                } else {
                    paragraph?.text += " " + trimmed
                }
            }
        }
        flush(&units, &paragraph)
    }

    /// `| a | b \| c |` → `["a", "b \| c"]` (an escaped bar stays in its cell).
    private static func cells(of row: String) -> [String] {
        var cells: [String] = [], current = "", previous: Character = " "
        for character in row.dropFirst() {
            if character == "|" && previous != "\\" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        return cells
    }
}
