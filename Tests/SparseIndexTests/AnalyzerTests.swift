import Foundation
import Testing
import SparseIndex

@Suite struct AnalyzerTests {
    let analyzer = Analyzer()

    private struct Case: Decodable {
        var text: String
        var terms: [String]
    }

    /// Unicode text (accents, Greek final sigma, Devanagari marks, ligatures, digits,
    /// emoji) analyses as bm25s.tokenize(stopwords="en", stemmer=PyStemmer) does.
    /// CJK text departs from bm25s on purpose (CJKAnalysisTests), so the fixture has none.
    @Test func matchesBM25sOnFixture() throws {
        let lines = try FixtureFile.text("analyzer.jsonl").split(separator: "\n")
        #expect(lines.count >= 10)
        for line in lines {
            let expected = try JSONDecoder().decode(Case.self, from: Data(line.utf8))
            #expect(analyzer.terms(expected.text) == expected.terms, "\(expected.text)")
        }
    }

    @Test func dropsOneCharacterTokensAndStopWords() {
        #expect(analyzer.terms("A b c of the dog is x") == ["dog"])
        #expect(analyzer.terms("the of and to").isEmpty)
        #expect(analyzer.terms("").isEmpty)
    }

    @Test func foldsCaseAndSplitsOnPunctuation() {
        #expect(analyzer.terms("RUNNING, Runs; ran!") == ["run", "run", "ran"])
        #expect(analyzer.terms("don't O'Neill's") == ["don", "neill"])
    }

    @Test func keepsDigitsAndUnderscores() {
        #expect(analyzer.terms("COVID-19 in 2020 snake_case") == ["covid", "19", "2020", "snake_cas"])
    }

    @Test func keepsAccentedLetters() {
        #expect(analyzer.terms("Élan crème brûlée") == ["élan", "crème", "brûlée"])
    }

    @Test func optionsTurnOffStemmingAndStopWords() {
        let plain = Analyzer(stopWords: [], stemming: false)
        #expect(plain.terms("The Running dogs") == ["the", "running", "dogs"])
    }

    @Test func countsFrequenciesAndLengthWithoutStopWords() {
        let (frequencies, length) = analyzer.termFrequencies("The cat and the cats sat on a mat")
        #expect(frequencies == ["cat": 2, "sat": 1, "mat": 1])
        #expect(length == 4)
    }

    @Test func englishStopWordsAreTheLuceneList() {
        #expect(Analyzer.englishStopWords.count == 33)
        #expect(Analyzer.englishStopWords.contains("with"))
        #expect(!Analyzer.englishStopWords.contains("about"))
    }
}
