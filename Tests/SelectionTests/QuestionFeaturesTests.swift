import Selection
import Testing

@Suite("QuestionFeatures")
struct QuestionFeaturesTests {
    /// HotpotQA's comparison questions carry their cue words; a bridge question its "of the".
    @Test func recognisesComparisonAndBridgeQuestions() {
        let comparison = QuestionFeatures(question: "Are Joe Elliott and Paul Meany both keyboardists?")
        #expect(comparison.comparison)
        #expect(comparison.entities == 2)
        let older = QuestionFeatures(question: "Who was born first, Bill Evans or Ahmad Jamal?")
        #expect(older.comparison)
        let bridge = QuestionFeatures(
            question: "What was the nickname of the winner of the Men's Singles title during the 1998 Wimbledon Championships?"
        )
        #expect(bridge.bridge)
        #expect(!bridge.comparison)
        let simple = QuestionFeatures(question: "When was Paris founded?")
        #expect(!simple.comparison)
        #expect(simple.entities == 1)
        #expect(simple.words == 4)
    }

    /// The rules give multi-entity questions more search and leave a simple one alone.
    @Test func rulesSpendMoreSearchOnMultiEntityQuestions() {
        let base = SearchSettings()
        let multi = QuestionRules().settings(for: "Are Joe Elliott and Paul Meany both keyboardists?", base: base)
        #expect(multi.iterations > base.iterations)
        #expect(multi.exploration > base.exploration)
        #expect(QuestionRules().settings(for: "When was Paris founded?", base: base) == base)
        #expect(FixedSettings().settings(for: "anything", base: base) == base)
    }
}
