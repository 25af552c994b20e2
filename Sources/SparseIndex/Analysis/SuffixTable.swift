/// A Snowball `among`: suffixes with a rule each, looked up longest first, with
/// the candidates bucketed by their last character so a lookup compares few.
struct SuffixTable<Rule: Sendable>: Sendable {
    private struct Entry: Sendable {
        var suffix: [UInt32]
        var rule: Rule
    }

    /// Candidates by the ASCII value of their last character, longest first.
    private let buckets: [[Entry]]

    /// A table of ASCII suffixes (none empty, none repeated) and their rules.
    init(_ suffixes: [(StaticString, Rule)]) {
        var buckets = [[Entry]](repeating: [], count: 128)
        for (suffix, rule) in suffixes {
            let characters = suffix.withUTF8Buffer { $0.map(UInt32.init) }
            buckets[Int(characters.last!)].append(Entry(suffix: characters, rule: rule))
        }
        self.buckets = buckets.map { $0.sorted { $0.suffix.count > $1.suffix.count } }
    }

    /// The longest suffix of the characters of `word` before `end` in the table,
    /// as its length and rule.
    func longestMatch(in word: SnowballWord, before end: Int? = nil) -> (length: Int, rule: Rule)? {
        let end = end ?? word.count
        guard end > 0, word[end - 1] < 128 else { return nil }
        for entry in buckets[Int(word[end - 1])] where word.hasSuffix(entry.suffix, before: end) {
            return (entry.suffix.count, entry.rule)
        }
        return nil
    }
}
