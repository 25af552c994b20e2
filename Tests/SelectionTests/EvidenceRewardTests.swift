import QuarryCore
import Selection
import Testing

/// Hand-made embeddings: the question is along x+y; each chunk's vector is given.
struct FixedEmbeddings: SelectionEmbeddings {
    let question: [Float]
    let chunks: [Int64: [Float]]

    func vectors(
        question: String, questionVector: [Float]?, chunkIDs: [Int64], texts: [String]
    ) async throws -> (question: [Float], chunks: [[Float]]) {
        (self.question, chunkIDs.map { chunks[$0] ?? [0, 0, 1] })
    }
}

func chunk(_ id: Int64, _ text: String, tokens: Int = 50, score: Float = 1) -> RetrievedChunk {
    RetrievedChunk(
        chunkID: id, document: "doc\(id)", title: nil, byteStart: 0, byteEnd: text.utf8.count, text: text,
        tokens: tokens, score: score, rank: Int(id)
    )
}

@Suite("EvidenceReward")
struct EvidenceRewardTests {
    let question = "Which river flows through the capital of the country where Ada Lovelace was born?"
    let born = chunk(1, "Ada Lovelace was born in London, England, the daughter of Lord Byron.", score: 0.9)
    let bornAgain = chunk(2, "Ada Lovelace was born in London, England, the daughter of the poet Lord Byron.", score: 0.85)
    let river = chunk(3, "The River Thames flows through London, the capital of England and its largest city.", score: 0.6)
    let unrelated = chunk(4, "Bananas are an elongated edible fruit produced by several kinds of plants.", score: 0.3)

    func terms(_ scorer: any CombinationScorer, _ sequence: [Int]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: scorer.terms(sequence).map { ($0.name, $0.value) })
    }

    /// The chunk about the birth and the one about the river cover more of the question's
    /// words together than the birth chunk and its near-copy.
    @Test func complementaryChunksCoverMoreQuestionTerms() async throws {
        let scorer = try await EvidenceReward().scorer(
            question: question, questionVector: nil, candidates: [born, bornAgain, river, unrelated]
        )
        let complementary = terms(scorer, [0, 2])["term_coverage"] ?? 0
        let duplicates = terms(scorer, [0, 1])["term_coverage"] ?? 0
        #expect(complementary > duplicates)
        #expect(terms(scorer, [3])["term_coverage"] == 0)
        #expect(terms(scorer, [0, 1, 2, 3])["term_coverage"].map { $0 <= 1 } == true)
    }

    /// Near-copies share most word trigrams; unrelated texts share none.
    @Test func nearCopiesOverlap() async throws {
        let scorer = try await EvidenceReward().scorer(
            question: question, questionVector: nil, candidates: [born, bornAgain, river, unrelated]
        )
        #expect((terms(scorer, [0, 1])["overlap"] ?? 0) > 0.4)
        #expect(terms(scorer, [2, 3])["overlap"] == 0)
        #expect(terms(scorer, [0])["overlap"] == 0)
    }

    /// Rewards stay in 0...1, and the complementary pair beats the duplicate pair.
    @Test func rewardsAreBoundedAndPreferComplements() async throws {
        let scorer = try await EvidenceReward().scorer(
            question: question, questionVector: nil, candidates: [born, bornAgain, river, unrelated]
        )
        for sequence in [[], [0], [0, 1], [0, 2], [0, 1, 2, 3], [3]] {
            let reward = scorer.reward(sequence)
            #expect(reward > 0 && reward < 1)
        }
        #expect(scorer.reward([0, 2]) > scorer.reward([0, 1]))
    }

    /// With embeddings: coverage is the cosine of the question with the chunks' sum, and
    /// redundancy the highest cosine between two chunks.
    @Test func embeddingTermsFollowTheVectors() async throws {
        let half = Float(0.5).squareRoot()
        let embeddings = FixedEmbeddings(
            question: [half, half, 0], chunks: [1: [1, 0, 0], 2: [1, 0, 0], 3: [0, 1, 0], 4: [0, 0, 1]]
        )
        let reward = EvidenceReward(embeddings: embeddings)
        let scorer = try await reward.scorer(
            question: question, questionVector: nil, candidates: [born, bornAgain, river, unrelated]
        )
        let pair = terms(scorer, [0, 2])
        #expect(abs((pair["embedding_coverage"] ?? 0) - 1) < 1e-6)
        #expect(abs((pair["redundancy"] ?? 1) - 0) < 1e-6)
        let copies = terms(scorer, [0, 1])
        #expect(abs((copies["embedding_coverage"] ?? 0) - Double(half)) < 1e-6)
        #expect(abs((copies["redundancy"] ?? 0) - 1) < 1e-6)
        #expect(terms(scorer, [3])["embedding_coverage"] == 0)
        #expect(scorer.preparationMilliseconds["embedding"] != nil)
    }

    /// Embeddings of the wrong count are a broken adapter, reported, not read past the end.
    @Test func mismatchedEmbeddingsThrow() async {
        struct Short: SelectionEmbeddings {
            func vectors(
                question: String, questionVector: [Float]?, chunkIDs: [Int64], texts: [String]
            ) async throws -> (question: [Float], chunks: [[Float]]) {
                ([1, 0], [[1, 0]])
            }
        }
        await #expect(throws: QuarryError.self) {
            _ = try await EvidenceReward(embeddings: Short())
                .scorer(question: question, questionVector: nil, candidates: [born, river])
        }
    }

    /// The likelihood term is the best chunk's score mapped to 0...1 among the candidates.
    @Test func likelihoodTermTakesTheBestChunk() async throws {
        struct Table: QuestionLikelihood {
            func meanLogLikelihood(question: String, contexts: [String]) async throws -> [Double] {
                contexts.map { $0.contains("Thames") ? -1 : ($0.contains("Bananas") ? -5 : -3) }
            }
        }
        let scorer = try await EvidenceReward(likelihood: Table()).scorer(
            question: question, questionVector: nil, candidates: [born, river, unrelated]
        )
        #expect(terms(scorer, [0, 1])["likelihood"] == 1)
        #expect(terms(scorer, [0])["likelihood"] == 0.5)
        #expect(terms(scorer, [2])["likelihood"] == 0)
    }

    /// A chunk counts as linked when the question names its title or another chosen chunk
    /// does: the first hop is named by the question, the second by the first.
    @Test func linksFollowTitlesNamedByTheQuestionOrAnotherChunk() async throws {
        var person = chunk(1, "Ada Lovelace was born in London, the capital of England.")
        person.title = "Ada Lovelace"
        var city = chunk(2, "London is the capital and largest city of England; the Thames flows through it.")
        city.title = "London (city)"
        var fruit = chunk(3, "Bananas are an elongated edible fruit.")
        fruit.title = "Banana"
        let scorer = try await EvidenceReward().scorer(
            question: "Which river flows through the city where Ada Lovelace was born?", questionVector: nil,
            candidates: [person, city, fruit]
        )
        #expect(terms(scorer, [0])["links"] == 1)
        #expect(terms(scorer, [1])["links"] == 0)
        #expect(terms(scorer, [0, 1])["links"] == 2)
        #expect(terms(scorer, [0, 1, 2])["links"] == 2)
    }
}
