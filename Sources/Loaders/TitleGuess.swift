/// Best-effort titles for formats that carry none. Only the start of the text is read.
enum TitleGuess {
    /// The first non-blank line, trimmed, cut to 200 characters.
    static func firstLine(of text: String) -> String? {
        leadingLines(of: text).first { !$0.isEmpty }.map { String($0.prefix(200)) }
    }

    /// The first ATX heading (`# Title`) of Markdown, else the first non-blank line.
    static func markdownTitle(of text: String) -> String? {
        for line in leadingLines(of: text) where line.hasPrefix("#") {
            let heading = line.drop { $0 == "#" }
            guard line.count - heading.count <= 6, heading.first?.isWhitespace ?? false else { continue }
            let title = trimmed(heading)
            if !title.isEmpty { return String(title.prefix(200)) }
        }
        return firstLine(of: text)
    }

    /// The first 200 lines of `text`, each trimmed of white space.
    private static func leadingLines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        var rest = text[...]
        while !rest.isEmpty, lines.count < 200 {
            let end = rest.utf8.firstIndex(of: 0x0A) ?? rest.endIndex
            lines.append(trimmed(rest[..<end]))
            rest = end == rest.endIndex ? "" : rest[rest.utf8.index(after: end)...]
        }
        return lines
    }

    private static func trimmed(_ line: Substring) -> Substring {
        guard let first = line.firstIndex(where: { !$0.isWhitespace }),
              let last = line.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return line[first...last]
    }
}
