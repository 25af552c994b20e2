import Compression
import QuarryCore
import Testing

@Suite("Compression protection")
struct ProtectionTests {
    /// Guards the protection rules when they fit the budget: at 3× with a scorer that
    /// would rather drop early text, numbers with their units, dates, capitalised names,
    /// the code span and a forced phrase are all still in the output, as are the sentence
    /// ends (the question names nothing in the text, so no sentence is preferred).
    @Test func numbersNamesCodeAndForcedTextSurvive() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let compressor = PromptCompressor(
            name: "rising", target: .rate(3), tokenizer: tokenizer, scorer: RisingScorer(),
            protection: ProtectionRules(forced: ["the top level"])
        )
        let output = try await compressor.compress(question: "Qq?", passages: Fixtures.passages())
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

    /// One passage of `text`, as retrieval would hand it over.
    private static func passage(_ text: String) -> ContextPassage {
        ContextPassage(RetrievedChunk(
            chunkID: 1, document: "d.txt", title: nil, byteStart: 0, byteEnd: text.utf8.count, text: text,
            tokens: text.utf8.count / 4, score: 1, rank: 1
        ))
    }

    /// Guards that protection yields to the budget in priority order instead of dropping
    /// the context: when names and numbers do not both fit, the names (lower priority) go
    /// although the scorer prefers them (they come later), the numbers stay, and a forced
    /// phrase stays although it scores lowest of all.
    @Test func lowerPriorityYieldsFirstAndForcedNever() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let text = "plain words first here. In 1901 the river rose 12 metres and then fell again slowly, "
            + "as rivers do. Amsterdam Berlin Copenhagen Dublin Edinburgh Florence Geneva Helsinki Istanbul Jakarta."
        let compressor = PromptCompressor(
            name: "rising", target: .tokens(24), tokenizer: tokenizer, scorer: RisingScorer(),
            protection: ProtectionRules(forced: ["plain words"])
        )
        let output = try await compressor.compress(question: "Qq?", passages: [Self.passage(text)])
        let kept = output.map(\.text).joined()
        #expect(output.reduce(0) { $0 + $1.tokens } <= 24)
        for needle in ["plain words", "1901", "12 metres"] {
            #expect(kept.contains(needle), "\(needle) was dropped: \(kept)")
        }
        // Names are pruned by score among themselves: the earliest (lowest-scored) go first.
        #expect(!kept.contains("Amsterdam"), "a name outlived the budget before a number: \(kept)")
        // Without protection the same scorer keeps the late names and drops the early numbers.
        let blind = try await PromptCompressor(
            name: "rising", target: .tokens(24), tokenizer: tokenizer, scorer: RisingScorer(), protection: .none
        ).compress(question: "Qq?", passages: [Self.passage(text)]).map(\.text).joined()
        #expect(!blind.contains("1901") && blind.contains("Jakarta"), "\(blind)")
    }

    /// Guards the question-aware order: the sentence holding the question's words is
    /// kept whole before names and numbers of a sentence that does not name them.
    @Test func theQuestionsSentenceComesBeforeOtherProtectedText() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let text = "Amsterdam, Berlin and Copenhagen signed 14 treaties in 1648, 1713 and 1815. "
            + "The harbour was dredged because the old channel silted up every winter."
        let compressor = PromptCompressor(
            name: "rising", target: .tokens(20), tokenizer: tokenizer, scorer: RisingScorer()
        )
        let kept = try await compressor
            .compress(question: "Why was the harbour dredged?", passages: [Self.passage(text)])
            .map(\.text).joined()
        #expect(kept.contains("The harbour was dredged because the old channel silted up every winter."), "\(kept)")
        #expect(!kept.contains("1648"), "\(kept)")
    }

    /// Guards the byte-level priorities: the forced string, the question's word and the
    /// number in its sentence, sentence ends and line breaks, a number elsewhere with its
    /// unit and a code span, a capitalised non-ASCII name; plain words have none.
    @Test func assignsTheRightPriorities() {
        let text = "about 60 tonnes of Émile's `x = 1` paint.\nthe river rose 3 feet, said nobody"
        let levels = ProtectionRules(forced: ["said nobody"]).priorities(of: Array(text.utf8), questionTerms: ["river"])
        func level(_ word: String) -> ProtectionPriority? {
            let bytes = Array(text.utf8), needle = Array(word.utf8)
            let start = (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }!
            let found = Set(levels[start..<(start + needle.count)])
            return found.count == 1 ? found.first : nil
        }
        #expect(level("60") == .literal && level("tonnes") == .literal && level("`x = 1`") == .literal)
        #expect(level("Émile's") == .capitalised)
        #expect(level(".\n") == .boundary)
        #expect(level("river") == .questionTerm)
        #expect(level("3") == .literalNearQuestion && level("feet") == .literalNearQuestion)
        #expect(level("said nobody") == .forced)
        #expect(level("about") == ProtectionPriority.none && level("paint") == ProtectionPriority.none)
        #expect(level("rose") == ProtectionPriority.none)
    }
}
