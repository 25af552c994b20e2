import Chunking
import Testing

/// The documented counting rule of ``ApproximateTokenCounter``.
struct ApproximateTokenCounterTests {
    private let counter = ApproximateTokenCounter()

    @Test func shortWordsAreOneTokenAndPunctuationCounts() {
        #expect(counter.count("The cat sat.") == 4)
        #expect(counter.count("don't") == 3)
        #expect(counter.count("   \n\t ") == 0)
        #expect(counter.count("") == 0)
    }

    @Test func longWordsCountAboutAQuarterOfTheirLength() {
        #expect(counter.count("sentence") == 2)
        #expect(counter.count("normalization") == 4)
        #expect(counter.count("abcdef") == 1)
        #expect(counter.count("abcdefg") == 2)
    }

    @Test func ideographsCountOneEachAndAccentsStayInWords() {
        #expect(counter.count("日本語") == 3)
        #expect(counter.count("café naïve") == 2)
        #expect(counter.count("e\u{301}te\u{301}") == 1)
    }

    @Test func countIsAdditiveAcrossWhitespace() {
        let text = "Retrieval-augmented generation, 2024: fast & small."
        let sum = text.split(separator: " ").map { counter.count($0) }.reduce(0, +)
        #expect(counter.count(text[...]) == sum)
    }
}
