import QuarryCore

/// LLMLingua-style compression as a pipeline stage: tokenize the selected contexts in the
/// generator's tokens, rank them (``ContextRanker``), keep them within the budget with
/// per-context keep-rates (``BudgetController``), score every token (``TokenScorer``:
/// stored or live surprisal, or a baseline's) and keep the forced units and the
/// highest-ranked others (score plus protection priority) until the real token count fits
/// (``UnitPruner``). Every kept
/// byte still maps to its source bytes through the passages' pieces.
public struct PromptCompressor: Compressor {
    public let name: String
    public let target: CompressionTarget
    let tokenizer: any CompressionTokenizer
    let granularity: UnitGranularity
    let protection: ProtectionRules
    let ranker: any ContextRanker
    let controller: BudgetController
    let scorer: any TokenScorer
    let questionAware: Bool
    let cache: TokenizationCache

    /// `questionAware`: keep the sentences holding the question's words first
    /// (``SentenceRelevance``); `cache` holds the generator's tokens of chunks seen
    /// before (share one between the compressors of a process that use the same tokenizer).
    public init(
        name: String, target: CompressionTarget, tokenizer: any CompressionTokenizer, scorer: any TokenScorer,
        ranker: any ContextRanker = RetrievalOrderRanker(), controller: BudgetController = BudgetController(),
        granularity: UnitGranularity = .word, protection: ProtectionRules = ProtectionRules(),
        questionAware: Bool = true, cache: TokenizationCache = TokenizationCache()
    ) {
        self.name = name
        self.target = target
        self.tokenizer = tokenizer
        self.scorer = scorer
        self.ranker = ranker
        self.controller = controller
        self.granularity = granularity
        self.protection = protection
        self.questionAware = questionAware
        self.cache = cache
    }

    public func compress(question: String, passages: [ContextPassage]) async throws -> [ContextPassage] {
        let terms = QuestionTerms.of(question)
        let tokenized = try passages.map {
            try TokenizedPassage(
                $0, tokenizer: tokenizer, granularity: granularity, protection: protection, questionTerms: terms,
                cache: cache
            )
        }
        let original = tokenized.reduce(0) { $0 + $1.tokenCount }
        let budget = target.budget(forOriginal: original)
        guard budget < original else {
            return tokenized.map { var passage = $0.passage; passage.tokens = $0.tokenCount; return passage }
        }
        let ranking = try await ranker.rank(question: question, passages: tokenized)
        let plan = controller.plan(lengths: tokenized.map(\.tokenCount), ranking: ranking, budget: budget)
        let kept = plan.kept.map { tokenized[$0] }
        let tokenScores = try await scorer.scores(question: question, passages: kept, keepRates: plan.keepRates)
        let relevance = SentenceRelevance.of(kept, terms: questionAware ? terms : [])
        let ranks = kept.indices.map { i in
            let means = kept[i].unitMeans(of: tokenScores[i])
            return kept[i].units.indices.map {
                UnitRank(kept[i].units[$0], relevance: relevance[i][$0], score: means[$0])
            }
        }
        let keptRanking = ranking.compactMap { plan.kept.firstIndex(of: $0) }
        return UnitPruner(tokenizer: tokenizer).prune(
            kept, ranks: ranks, targets: plan.targets, budget: budget, ranking: keptRanking
        )
    }
}

extension PromptCompressor {
    /// Plain per-context truncation to the same keep-rate: the baseline that keeps each
    /// context's beginning.
    public static func truncation(
        target: CompressionTarget, tokenizer: any CompressionTokenizer, cache: TokenizationCache = TokenizationCache()
    ) -> PromptCompressor {
        PromptCompressor(
            name: "truncate", target: target, tokenizer: tokenizer, scorer: PositionScorer(), ranker: InputOrderRanker(),
            controller: BudgetController(dynamicRatio: 0), granularity: .token, protection: .none, questionAware: false,
            cache: cache
        )
    }

    /// Random token dropping to the same count: the baseline any scorer must beat.
    public static func randomDrop(
        target: CompressionTarget, tokenizer: any CompressionTokenizer, seed: UInt64 = 42,
        cache: TokenizationCache = TokenizationCache()
    ) -> PromptCompressor {
        PromptCompressor(
            name: "random", target: target, tokenizer: tokenizer, scorer: RandomScorer(seed: seed), ranker: InputOrderRanker(),
            controller: BudgetController(dynamicRatio: 0), granularity: .token, protection: .none, questionAware: false,
            cache: cache
        )
    }
}
