/// Best-effort titles for formats that carry none.
enum TitleGuess {
    /// The first non-blank line, trimmed, cut to 200 characters.
    static func firstLine(of text: String) -> String? {
        let line = text.split(separator: "\n").lazy
            .map { $0.trimmingWhitespace() }
            .first { !$0.isEmpty }
        return line.map { String($0.prefix(200)) }
    }

    /// The first ATX heading (`# Title`) of Markdown, else the first non-blank line.
    static func markdownTitle(of text: String) -> String? {
        for line in text.split(separator: "\n").prefix(200) where line.hasPrefix("#") {
            let heading = line.drop { $0 == "#" }
            guard line.count - heading.count <= 6, heading.first?.isWhitespace ?? false else { continue }
            let title = heading.trimmingWhitespace()
            if !title.isEmpty { return String(title.prefix(200)) }
        }
        return firstLine(of: text)
    }
}

extension Substring {
    /// The substring without leading and trailing white space.
    fileprivate func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return self[first...last]
    }
}
