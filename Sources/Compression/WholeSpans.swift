/// Text compression keeps whole or drops whole, because a part of it misleads: code
/// between backticks, an SQL statement (`CREATE INDEX … WHERE billed is not true;`
/// without its WHERE is another index) and a command line (`pg_dump dbname > dumpfile`).
enum WholeSpans {
    /// Spans longer than this stay ordinary text (a whole listing would be all or nothing).
    static let maximumBytes = 1_200

    /// Statement keywords that start an SQL span at the start of a line, in capitals.
    static let sqlKeywords: Set<String> = [
        "ALTER", "ANALYZE", "BEGIN", "CLUSTER", "COMMIT", "COPY", "CREATE", "DELETE", "DROP", "EXPLAIN", "GRANT",
        "INSERT", "LOCK", "REINDEX", "REVOKE", "ROLLBACK", "SELECT", "SET", "SHOW", "TRUNCATE", "UPDATE", "VACUUM",
        "WITH",
    ]

    /// The spans of `bytes` to keep whole, in order, not overlapping.
    static func of(_ bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        for span in codeSpans(bytes) + lineSpans(bytes) where span.count <= maximumBytes {
            if let last = spans.last, last.overlaps(span) {
                spans[spans.count - 1] = min(last.lowerBound, span.lowerBound)..<max(last.upperBound, span.upperBound)
            } else {
                spans.append(span)
            }
        }
        return spans.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Text between backticks, the backticks included.
    static func codeSpans(_ bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var open: Int?
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x60 else {
                i += 1
                continue
            }
            var run = i
            while run < bytes.count, bytes[run] == 0x60 { run += 1 }
            if let o = open {
                spans.append(o..<run)
                open = nil
            } else {
                open = i
            }
            i = run
        }
        return spans
    }

    /// SQL statements and command lines, found line by line.
    static func lineSpans(_ bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            var start = lineStart
            while start < lineEnd, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            let words = String(decoding: bytes[start..<lineEnd], as: UTF8.self).split(separator: " ")
            if let first = words.first, sqlKeywords.contains(String(first)),
                let end = statementEnd(bytes, from: start)
            {
                spans.append(start..<end)
                lineStart = end
                continue
            }
            if isCommand(words) { spans.append(start..<lineEnd) }
            lineStart = lineEnd + 1
        }
        return spans
    }

    /// Where an SQL statement starting at `start` ends: after its semicolon (before a blank
    /// line and within ``maximumBytes``); nil when it has none there.
    private static func statementEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < min(bytes.count, start + maximumBytes) {
            if bytes[i] == 0x3B { return i + 1 }
            if bytes[i] == 0x0A, i + 1 < bytes.count, bytes[i + 1] == 0x0A { return nil }
            i += 1
        }
        return nil
    }

    /// A command line: a program name in lower case (letters, digits, `_`, `-`) with an
    /// option (`-X`, `--set`) or a redirection or pipe among its arguments, not a sentence.
    private static func isCommand(_ words: [Substring]) -> Bool {
        guard words.count >= 2, let program = words.first, let head = program.first, head.isLetter, head.isLowercase,
            program.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }),
            words.last?.last != "."
        else { return false }
        return words.dropFirst().contains { $0.hasPrefix("-") || ["<", ">", ">>", "|"].contains($0) }
    }
}
