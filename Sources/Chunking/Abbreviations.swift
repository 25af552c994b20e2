/// Decides whether the word before a period is an abbreviation, so the period does
/// not end the sentence.
enum Abbreviations {
    /// Abbreviations that are followed by more of the same sentence whatever comes next
    /// (titles before names, "Fig.", "vs.", "et al.", "cf.").
    static let neverFinal: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "rev", "hon", "gen", "col",
        "lt", "sgt", "capt", "gov", "sen", "rep", "fig", "figs", "eq", "eqs", "vs", "cf",
        "al", "approx", "ca", "viz", "resp", "dept", "univ",
    ]

    /// Abbreviations that go before a number ("No. 5", "p. 12", "Jan. 3").
    static let beforeNumber: Set<String> = [
        "no", "nos", "p", "pp", "vol", "vols", "ch", "sec", "art", "ref", "refs", "tab",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Whether a period right after `word` belongs to an abbreviation, given whether a
    /// digit starts the next word.
    static func endsAbbreviation(_ word: String, nextIsDigit: Bool) -> Bool {
        let scalars = word.unicodeScalars
        guard let first = scalars.first else { return false }
        // An initial: "J. R. R. Tolkien".
        if scalars.count == 1 { return first.properties.isUppercase }
        // Dotted acronyms and Latin abbreviations: "U.S.", "e.g.", "i.e.", "Ph.D.".
        if word.contains(".") { return isDottedAcronym(word) }
        let key = word.lowercased()
        return neverFinal.contains(key) || (nextIsDigit && beforeNumber.contains(key))
    }

    /// Letters in dot-separated groups of one or two, at least one group a single letter.
    private static func isDottedAcronym(_ word: String) -> Bool {
        let groups = word.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2 else { return false }
        var hasSingle = false
        for group in groups {
            guard (1...2).contains(group.count), group.allSatisfy(\.isLetter) else { return false }
            hasSingle = hasSingle || group.count == 1
        }
        return hasSingle
    }
}
