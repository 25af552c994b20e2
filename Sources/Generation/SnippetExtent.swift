import Chunking

/// How far a snippet answer reaches past its sentence: into the neighbours that
/// continue it, never into ones that merely follow.
///
/// A sentence that announces something (it ends with a colon or says "as follows")
/// takes the unit after it: the command or code block, or the list whose items follow
/// (all of them). With `continuations`, a sentence followed by one that opens with a
/// word pointing back at it ("It", "This", "However", …: a definition's second half)
/// takes that one too. Reaching for an example (a how-to question), a sentence that
/// neither announces nor is code reaches the command announced within the next
/// ``exampleReach`` sentences ("You can update rows using the UPDATE command. … You can
/// correct the data as follows: UPDATE weather …"). A unit is always taken whole, so
/// code, commands and table rows are never cut, and the snippet stops growing past
/// ``maxWords``.
struct SnippetExtent: Sendable {
    /// Whether a back-pointing sentence joins the one before it.
    var continuations: Bool
    /// A snippet grows by whole units only while it stays within this many words.
    static let maxWords = 120
    /// How many sentences ahead an example's announcement may start.
    static let exampleReach = 2

    /// The index of the last of `sentences` (one passage's, in order) that the snippet
    /// starting at `first` covers; `reachingExample` for a question a command answers.
    func end(from first: Int, in sentences: [Sentence], reachingExample: Bool = false) -> Int {
        var last = first
        var words = Self.words(sentences[first].text)
        func take(_ next: Int) -> Bool {
            guard next < sentences.count else { return false }
            let added = Self.words(sentences[next].text)
            guard words + added <= Self.maxWords else { return false }
            words += added
            last = next
            return true
        }
        var head = first
        if reachingExample, !Self.announces(sentences[first].text), !Self.isCode(sentences[first].text),
            let example = Self.announcedCommand(after: first, in: sentences)
        {
            while last < example, take(last + 1) {}
            guard last == example else { return last }
            head = example
        }
        if Self.announces(sentences[head].text) {
            guard take(head + 1) else { return last }
            if Self.isListItem(sentences[last].text) {
                while last + 1 < sentences.count, Self.isListItem(sentences[last + 1].text), take(last + 1) {}
            } else {
                while last + 1 < sentences.count, Self.isCode(sentences[last].text),
                    Self.isCode(sentences[last + 1].text), take(last + 1) {}
            }
        } else if continuations, head == first, first + 1 < sentences.count, Self.pointsBack(sentences[first + 1].text) {
            _ = take(first + 1)
        }
        return last
    }

    /// The first of the ``exampleReach`` sentences after `first` that announces a command
    /// (the sentence after it is code).
    static func announcedCommand(after first: Int, in sentences: [Sentence]) -> Int? {
        (first + 1...first + exampleReach).first { index in
            index + 1 < sentences.count && announces(sentences[index].text) && isCode(sentences[index + 1].text)
        }
    }

    /// Whether `sentence` announces what follows it ("use a command such as this:").
    static func announces(_ sentence: Substring) -> Bool {
        sentence.last == ":" || sentence.lowercased().hasSuffix("as follows.")
    }

    /// Whether `text` reads as a command or code rather than prose: it ends with `;`,
    /// opens with a shell prompt or an upper-case keyword (`CREATE`, `SELECT`), or its
    /// second word is an option (`pg_dump -Fc`).
    static func isCode(_ text: Substring) -> Bool {
        if text.last == ";" || text.hasPrefix("$ ") || text.hasPrefix("=> ") { return true }
        let words = text.split(whereSeparator: \.isWhitespace).prefix(2)
        guard let first = words.first else { return false }
        if first.count >= 3, first.allSatisfy({ $0.isASCII && ($0.isUppercase || $0 == "_") }) { return true }
        return words.count == 2 && words.last!.hasPrefix("-") && words.last!.count > 1
    }

    /// Whether `text` is an item of a list: it opens with a bullet or `1.` / `1)`.
    static func isListItem(_ text: Substring) -> Bool {
        guard let first = text.first else { return false }
        if "•-*–·".contains(first) { return true }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return false }
        let rest = text.dropFirst(digits.count)
        return (rest.hasPrefix(". ") || rest.hasPrefix(") "))
    }

    /// Whether `sentence` opens with a word that points back at the one before it.
    static func pointsBack(_ sentence: Substring) -> Bool {
        let first = sentence.prefix { $0.isLetter }
        return Self.backPointers.contains(String(first))
    }

    private static let backPointers: Set = [
        "It", "Its", "This", "These", "They", "Their", "Such", "However", "Thus", "Therefore", "Also", "That",
    ]

    /// `text`'s length in white-space separated words.
    static func words(_ text: Substring) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }
}
