import Compression
import QuarryCore
import Testing

@Suite("Compression protection")
struct ProtectionTests {
    /// Guards the protection rules: at 3× with a scorer that would rather drop early
    /// text, numbers with their units, dates, capitalised names, the code span and a
    /// forced phrase are all still in the output, as are the sentence ends.
    @Test func numbersNamesCodeAndForcedTextSurvive() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let compressor = PromptCompressor(
            name: "rising", target: .rate(3), tokenizer: tokenizer, scorer: RisingScorer(),
            protection: ProtectionRules(forced: ["the top level"])
        )
        let output = try await compressor.compress(question: "How tall is the tower?", passages: Fixtures.passages())
        let text = output.map(\.text).joined()
        for needle in ["31", "March", "1889", "330 metres", "41 years", "Eiffel", "Paris", "`max_visitors = 500`", "7 million", "the top level"] {
            #expect(text.contains(needle), "\(needle) was dropped: \(text)")
        }
        #expect(text.filter { $0 == "." }.count >= 8, "sentence ends were dropped: \(text)")
    }

    /// Guards that protection is what keeps them: the same rules off drop some of them
    /// (so the test above can fail).
    @Test func withoutProtectionTheSameScorerDropsThem() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let compressor = PromptCompressor(name: "rising", target: .rate(3), tokenizer: tokenizer, scorer: RisingScorer(), protection: .none)
        let text = try await compressor.compress(question: "q", passages: Fixtures.passages()).map(\.text).joined()
        #expect(!["1889", "Eiffel", "330 metres"].allSatisfy { text.contains($0) })
    }

    /// Guards the byte-level rules directly: a digit word and the unit after it, a
    /// capitalised non-ASCII word, backticks and line breaks are marked; plain words are not.
    @Test func marksTheRightBytes() {
        let text = "about 60 tonnes of Émile's `x = 1` paint.\nnext"
        let flags = ProtectionRules().protectedBytes(of: Array(text.utf8))
        func marked(_ word: String) -> Bool {
            let bytes = Array(text.utf8), needle = Array(word.utf8)
            let start = (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }!
            return flags[start..<(start + needle.count)].allSatisfy { $0 }
        }
        #expect(marked("60 tonnes") == false)  // the space between is not a word byte
        #expect(marked("60") && marked("tonnes") && marked("Émile's") && marked("`x = 1`") && marked(".\n"))
        #expect(!marked("about") && !marked("of") && !marked("paint") && !marked("next"))
    }
}
