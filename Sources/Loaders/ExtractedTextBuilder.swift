/// Accumulates text the way a browser lays it out for reading: runs of inline white
/// space collapse to one space, block boundaries become line or paragraph breaks, and
/// preformatted text goes in verbatim.
struct ExtractedTextBuilder {
    private(set) var text = ""
    /// The strongest separator requested since the last text, emitted lazily so that
    /// nothing dangles at the start or the end.
    private var pending = Separator.none

    /// Separators in increasing strength; a stronger one wins over a weaker one.
    enum Separator: Int, Comparable {
        case none, space, cell, line, paragraph

        static func < (lhs: Separator, rhs: Separator) -> Bool { lhs.rawValue < rhs.rawValue }

        var string: String {
            switch self {
            case .none: ""
            case .space: " "
            case .cell: " | "
            case .line: "\n"
            case .paragraph: "\n\n"
            }
        }
    }

    /// Requests `separator` before the next text.
    mutating func separate(_ separator: Separator) {
        pending = max(pending, separator)
    }

    /// Appends inline text, collapsing white space.
    mutating func appendInline(_ content: String) {
        for scalar in content.unicodeScalars {
            if scalar.properties.isWhitespace {
                separate(.space)
            } else {
                flushSeparator()
                text.unicodeScalars.append(scalar)
            }
        }
    }

    /// Appends preformatted text as its own paragraph, white space kept (only blank
    /// lines at its start and white space at its end are dropped).
    mutating func appendPreformatted(_ content: String) {
        var lines = content.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        let block = lines.joined(separator: "\n")
        let trimmed = block.prefix(through: block.lastIndex { !$0.isWhitespace } ?? block.startIndex)
        guard !block.isEmpty, trimmed.contains(where: { !$0.isWhitespace }) else { return }
        separate(.paragraph)
        flushSeparator()
        text += trimmed
        separate(.paragraph)
    }

    private mutating func flushSeparator() {
        if !text.isEmpty { text += pending.string }
        pending = .none
    }
}
