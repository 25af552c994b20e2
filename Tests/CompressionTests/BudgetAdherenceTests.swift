import Compression
import Models
import QuarryCore
import Testing

@Suite("Compression budget")
struct BudgetAdherenceTests {
    /// Guards the target: the output's real token count (re-tokenized) never passes the
    /// budget at 2×, 3× and 5× or a token target, each passage reports its real count,
    /// and the budget is used (a compressor that keeps far less than asked loses answers).
    @Test(arguments: [CompressionTarget.rate(2), .rate(3), .rate(5), .tokens(120)])
    func staysWithinTheBudgetInRealTokens(target: CompressionTarget) async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let passages = Fixtures.passages()
        let original = passages.reduce(0) { $0 + tokenizer.tokenIDs(of: $1.text).count }
        let budget = target.budget(forOriginal: original)
        for compressor in [
            PromptCompressor(name: "rising", target: target, tokenizer: tokenizer, scorer: RisingScorer()),
            PromptCompressor.truncation(target: target, tokenizer: tokenizer),
            PromptCompressor.randomDrop(target: target, tokenizer: tokenizer),
        ] {
            let output = try await compressor.compress(question: "How tall is the tower?", passages: passages)
            let total = output.reduce(0) { $0 + $1.tokens }
            #expect(total <= budget, "\(compressor.name): \(total) tokens for a budget of \(budget)")
            // Word units are a few tokens long: the fill stops within a few tokens per passage.
            #expect(total >= budget - 8 * passages.count, "\(compressor.name): \(total) tokens for a budget of \(budget)")
            for passage in output {
                #expect(passage.tokens == tokenizer.tokenIDs(of: passage.text).count, "\(compressor.name): reported count is not the real one")
            }
        }
    }

    /// Guards the pass-through: a target at or above the context returns it whole, with
    /// its count in the generator's tokens.
    @Test func aTargetAboveTheContextKeepsEverything() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let passages = Fixtures.passages()
        let compressor = PromptCompressor(name: "rising", target: .tokens(100_000), tokenizer: tokenizer, scorer: RisingScorer())
        let output = try await compressor.compress(question: "q", passages: passages)
        #expect(output.map(\.text) == passages.map(\.text))
        #expect(output.map(\.tokens) == passages.map { tokenizer.tokenIDs(of: $0.text).count })
    }

    /// Guards the budget arithmetic: a rate keeps ⌊original / rate⌋, a token target at
    /// most itself, neither more than the original.
    @Test func budgetsFollowTheTarget() {
        #expect(CompressionTarget.rate(3).budget(forOriginal: 1024) == 341)
        #expect(CompressionTarget.rate(2).budget(forOriginal: 1024) == 512)
        #expect(CompressionTarget.tokens(300).budget(forOriginal: 1024) == 300)
        #expect(CompressionTarget.tokens(3000).budget(forOriginal: 1024) == 1024)
    }
}
