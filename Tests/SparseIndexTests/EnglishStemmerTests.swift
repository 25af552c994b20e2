import Testing
import SparseIndex

@Suite struct EnglishStemmerTests {
    let stemmer = EnglishStemmer()

    /// Every word of the fixture (a sample of the Cranfield and SciFact vocabularies
    /// plus hand-picked edge cases) stems as PyStemmer's English stemmer does.
    @Test func matchesPyStemmerOnFixture() throws {
        let rows = try FixtureFile.text("stems.tsv").split(separator: "\n")
            .filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count > 3000)
        let mismatches = rows.filter { stemmer.stem($0[0]) != $0[1] }
            .map { "\($0[0]): expected \($0[1]), got \(stemmer.stem($0[0]))" }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test(arguments: [
        ("skies", "sky"), ("dying", "die"), ("news", "news"), ("gently", "gentl"),
        ("inning", "inning"), ("innings", "inning"), ("proceeding", "proceed"),
        ("generously", "generous"), ("communism", "communism"), ("caresses", "caress"),
        ("ties", "tie"), ("cries", "cri"), ("gas", "gas"), ("kiwis", "kiwi"),
        ("hopping", "hop"), ("hoped", "hope"), ("luxuriating", "luxuri"),
        ("happy", "happi"), ("sayings", "say"), ("apologist", "apolog"),
        ("at", "at"), ("cafés", "café"),
    ])
    func stemsKnownWords(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }
}
