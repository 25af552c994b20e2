import Chunking
import Foundation
import QuarryCore
import SparseIndex

/// Answers without a language model from the context's own sentences, each cited with
/// its exact byte range in its document, in one of two ``ExtractiveStyle``s.
///
/// Every sentence holding a question term is a candidate. Its lexical score is the sum
/// of the inverse sentence frequencies (over the context) of the distinct question
/// terms it contains, divided by a mild length penalty, plus a small bonus for coming
/// from a better-ranked chunk; lines without closing punctuation (headings, table
/// cells) count half (with snippets, unless they announce what follows or are a command).
/// Sentences under six words (headings, fragments) are used only when nothing longer matches.
///
/// `sentences` (the default) answers with the ``maxPassages`` best candidates by that
/// score, in context order. `snippets` answers with the shortest passage that answers:
/// with a ``SentenceRelevance``
/// (the index's embedder), the similarity to the question of the ``maxEmbedded`` best
/// sentences by that score is blended in, both scores scaled to the best in the
/// context (the rest keep their lexical share: embedding every candidate cost about a
/// second an answer; replayed on the evaluation sets' contexts, embedding 8, 12 or all
/// chose the same answers to within one question in a hundred).
/// The question's ``QuestionType``
/// favours commands and sentences that announce one for "how do I", and sentences with a
/// number for "how many" and "when".
///
/// The best sentence is the answer, extended by ``SnippetExtent`` into the neighbours
/// that continue it (the command a sentence announces, a list, a definition's second
/// half); another passage joins it, best first, only when it scores within
/// ``closeness`` of the best, up to ``maxPassages``; with ``bridging``, one more from
/// the passage the best one leads to by name (``BridgePassage``: a multi-hop question's
/// second hop). Citations map each passage back
/// through its context passage's pieces to the document's bytes, so they stay exact
/// when a compressor has shortened the context.
public struct ExtractiveGenerator: Generator {
    public let name = "extractive"
    /// Three best sentences, or a snippet.
    public var style: ExtractiveStyle
    /// At most this many passages in an answer.
    public var maxPassages: Int
    /// A passage after the best joins the answer only when its score is at least this
    /// share of the best's.
    public var closeness: Float
    /// The weight of ``relevance`` in a sentence's score (the lexical score has the rest).
    public var relevanceWeight: Float
    /// Semantic closeness of sentences to the question; nil: lexical overlap alone.
    public var relevance: (any SentenceRelevance)?
    /// At most this many candidates (the best by lexical score) are embedded for ``relevance`` (0: none).
    public var maxEmbedded: Int
    /// Whether a passage of the document the best passage names by title joins the answer.
    public var bridging: Bool
    private let extent: SnippetExtent
    private let analyzer = Analyzer()
    private let splitter = SentenceSplitter()

    /// - Parameters:
    ///   - style: three best sentences (the default) or a snippet; the settings below but `maxPassages` are the snippets'.
    ///   - maxPassages: at most this many passages in an answer (1…10).
    ///   - closeness: a further passage's least score as a share of the best's (0…1).
    ///   - relevance: the question–sentence similarity to blend in, weighted by `relevanceWeight` (0…1).
    ///   - maxEmbedded: how many candidates, the best by lexical score, `relevance` scores (0…256; 0: lexical only).
    ///   - bridging: whether a passage the best one names by its title joins the answer.
    ///   - continuations: whether a sentence pointing back ("It", "This") joins the one before it.
    public init(
        style: ExtractiveStyle = .sentences, maxPassages: Int = 3, closeness: Float = 0.9, relevance: (any SentenceRelevance)? = nil,
        relevanceWeight: Float = 0.5, maxEmbedded: Int = 12, bridging: Bool = true, continuations: Bool = false
    ) {
        self.style = style
        self.maxPassages = maxPassages
        self.closeness = closeness
        self.relevance = relevance
        self.relevanceWeight = relevanceWeight
        self.maxEmbedded = maxEmbedded
        self.bridging = bridging
        extent = SnippetExtent(continuations: continuations)
    }

    /// The reply when the context holds nothing that matches the question.
    public static let noAnswer = "I found nothing in the index that answers this question."

    /// The most sentences one snippet answer may embed.
    public static let maxEmbeddedLimit = 256

    /// Sentences shorter than this (headings, fragments) are a last resort.
    static let minimumWords = 6

    public func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        generate(question: question, questionVector: nil, context: context)
    }

    /// Streams the answer; ``relevance`` compares sentences with `questionVector` when given.
    public func generate(
        question: String, questionVector: [Float]?, context: [ContextPassage]
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    // Splitting and scoring the context holds a thread: Quarry's own, not the
                    // cooperative pool's (the sentence embedding it may await gives it back).
                    let answer = try await Offload.onThreads {
                        try await self.answer(question: question, questionVector: questionVector, context: context)
                    }
                    continuation.yield(.text(answer.text))
                    continuation.yield(.finished(answer))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The answer, computed at once; `questionVector` (the question's embedding from
    /// retrieval) goes to ``relevance``.
    /// - Throws: when the settings are out of range or ``relevance`` fails.
    public func answer(
        question: String, questionVector: [Float]? = nil, context: [ContextPassage]
    ) async throws -> GeneratedAnswer {
        guard (1...10).contains(maxPassages), (0...1).contains(closeness), (0...1).contains(relevanceWeight),
            (0...Self.maxEmbeddedLimit).contains(maxEmbedded)
        else {
            throw QuarryError.invalidInput(
                "extractive generator: maxPassages must be 1…10 (is \(maxPassages)), maxEmbedded 0…256 (is "
                    + "\(maxEmbedded)), closeness and relevanceWeight 0…1 (are \(closeness), \(relevanceWeight))"
            )
        }
        let questionTerms = Set(analyzer.terms(question))
        let sentences = context.map { splitter.split($0.text) }
        let snippets = style == .snippets
        var candidates: [Candidate] = []
        for (passage, list) in sentences.enumerated() {
            for (position, sentence) in list.enumerated() {
                var terms = Set(analyzer.terms(String(sentence.text)))
                let announces = snippets && SnippetExtent.announces(sentence.text) && position + 1 < list.count
                // A sentence announcing a command is scored with it ("… together, e.g.:" + "CREATE INDEX …").
                if announces, SnippetExtent.isCode(list[position + 1].text) {
                    terms.formUnion(analyzer.terms(String(list[position + 1].text)))
                }
                let matched = terms.intersection(questionTerms)
                guard !matched.isEmpty else { continue }
                candidates.append(Candidate(
                    passage: passage, position: position, sentence: sentence, matched: matched, announces: announces,
                    code: snippets && SnippetExtent.isCode(sentence.text)
                ))
            }
        }
        let type = QuestionType(question: question)
        var scores = lexicalScores(candidates, sentenceCount: sentences.reduce(0) { $0 + $1.count })
        // Headings and fragments rarely answer anything: use them only when nothing else matches.
        let long = candidates.indices.filter { Self.scoredWords(candidates[$0].sentence.text) >= Self.minimumWords }
        if !long.isEmpty {
            candidates = long.map { candidates[$0] }
            scores = long.map { scores[$0] }
        }
        guard !candidates.isEmpty else {
            return GeneratedAnswer(text: Self.noAnswer, citations: [], citationFlags: [.citesNothing])
        }
        if snippets {
            scores = try await snippetScores(
                candidates, lexical: scores, question: question, questionVector: questionVector, type: type
            )
        }
        let ranked = candidates.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        guard snippets else {
            // The best sentences alone, in context order, so the answer reads as the sources do.
            let best = ranked.prefix(maxPassages).sorted().map { candidates[$0] }
            let chosen = best.map { Snippet(passage: $0.passage, sentences: $0.position...$0.position) }
            return cite(chosen, sentences: sentences, context: context)
        }
        let best = scores[ranked[0]]
        var chosen: [Snippet] = []
        let reachingExample = type == .howTo
        func choose(passage: Int, position: Int) {
            let last = extent.end(from: position, in: sentences[passage], reachingExample: reachingExample)
            let snippet = Snippet(passage: passage, sentences: position...last)
            guard !chosen.contains(where: { $0.passage == snippet.passage && $0.sentences.overlaps(snippet.sentences) })
            else { return }
            chosen.append(snippet)
        }
        for index in ranked where chosen.count < maxPassages {
            guard chosen.isEmpty || scores[index] >= closeness * best else { break }
            choose(passage: candidates[index].passage, position: candidates[index].position)
        }
        if bridging, let first = chosen.first,
            let hop = Self.bridge(from: first.passage, ranked: ranked, candidates: candidates, sentences, context),
            !chosen.contains(where: { $0.passage == hop.passage })
        {
            choose(passage: hop.passage, position: hop.position)
        }
        return cite(chosen, sentences: sentences, context: context)
    }

    /// The sentence that answers the second hop from passage `from`: the best-scored
    /// candidate (`ranked` best first) in a passage it bridges to, else the first sentence
    /// of prose length of the best-ranked such passage; nil when it bridges to none.
    private static func bridge(
        from: Int, ranked: [Int], candidates: [Candidate], _ sentences: [[Sentence]], _ context: [ContextPassage]
    ) -> (passage: Int, position: Int)? {
        let targets = BridgePassage.targets(from: from, in: context)
        guard let nearest = targets.first else { return nil }
        if let index = ranked.first(where: { targets.contains(candidates[$0].passage) }) {
            return (candidates[index].passage, candidates[index].position)
        }
        let position = sentences[nearest].firstIndex { SnippetExtent.words($0.text) >= minimumWords }
        return position.map { (nearest, $0) }
    }

    /// Each candidate's lexical score; inverse frequencies are over the context's
    /// `sentenceCount` sentences.
    private func lexicalScores(_ candidates: [Candidate], sentenceCount: Int) -> [Float] {
        var frequency: [String: Int] = [:]
        for candidate in candidates {
            for term in candidate.matched { frequency[term, default: 0] += 1 }
        }
        let total = Float(max(sentenceCount, 1))
        return candidates.map { candidate in
            var coverage: Float = 0
            for term in candidate.matched { coverage += log(1 + total / Float(frequency[term] ?? 1)) }
            let words = Float(max(Self.scoredWords(candidate.sentence.text), 1))
            let lengthPenalty: Float = 1 + log(1 + max(words - 25, 0) / 25)
            let rankBonus: Float = 0.1 / Float(candidate.passage + 1)
            // A line without closing punctuation is usually a heading or a table cell.
            let closed = candidate.sentence.text.last.map { ".!?…。！？\")".contains($0) } == true
            let prose: Float = closed || candidate.announces || candidate.code ? 1 : 0.5
            return prose * coverage / lengthPenalty + rankBonus
        }
    }

    /// Each snippet candidate's score: `lexical` and (with ``relevance``) semantic, each
    /// scaled to the best in the context, weighted by the question's type.
    private func snippetScores(
        _ candidates: [Candidate], lexical: [Float], question: String, questionVector: [Float]?, type: QuestionType
    ) async throws -> [Float] {
        var blended = Self.scaled(lexical)
        if let relevance, relevanceWeight > 0, maxEmbedded > 0 {
            let embedded = Array(lexical.indices.sorted {
                lexical[$0] != lexical[$1] ? lexical[$0] > lexical[$1] : $0 < $1
            }.prefix(maxEmbedded))
            let similarities = try await relevance.similarities(
                question: question, questionVector: questionVector,
                sentences: embedded.map { String(candidates[$0].sentence.text) }
            )
            guard similarities.count == embedded.count else {
                throw QuarryError(.internal, "sentence relevance gave \(similarities.count) scores for \(embedded.count)")
            }
            var semantic = [Float](repeating: 0, count: candidates.count)
            for (index, similarity) in zip(embedded, similarities) { semantic[index] = max(similarity, 0) }
            semantic = Self.scaled(semantic)
            blended = zip(blended, semantic).map { (1 - relevanceWeight) * $0 + relevanceWeight * $1 }
        }
        return zip(blended, candidates).map { score, candidate in score * Self.typeWeight(type, candidate) }
    }

    /// How much `type` favours `candidate`.
    private static func typeWeight(_ type: QuestionType, _ candidate: Candidate) -> Float {
        switch type {
        case .howTo: candidate.announces || candidate.code ? 1.3 : 1
        case .quantity: candidate.sentence.text.contains(where: \.isNumber) ? 1.2 : 1
        case .other: 1
        }
    }

    /// A sentence's length as its score counts it: runs between spaces (a line break
    /// inside a sentence joins two words, as it always has for the default answers).
    static func scoredWords(_ text: Substring) -> Int {
        text.split(separator: " ").count
    }

    /// `values` divided by their maximum (unchanged when it is not positive).
    private static func scaled(_ values: [Float]) -> [Float] {
        guard let top = values.max(), top > 0 else { return values }
        return values.map { $0 / top }
    }

    /// The answer quoting `snippets` in order, each cited with its source bytes.
    private func cite(_ snippets: [Snippet], sentences: [[Sentence]], context: [ContextPassage]) -> GeneratedAnswer {
        var citations: [Citation] = []
        var parts: [String] = []
        for snippet in snippets {
            let passage = context[snippet.passage]
            let bytes = sentences[snippet.passage][snippet.sentences.lowerBound].byteRange.lowerBound
                ..< sentences[snippet.passage][snippet.sentences.upperBound].byteRange.upperBound
            guard let source = passage.sourceRange(of: bytes) else { continue }
            let utf8 = passage.text.utf8
            let text = String(passage.text[utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
                ..< utf8.index(utf8.startIndex, offsetBy: bytes.upperBound)])
            citations.append(Citation(
                document: passage.chunk.document, chunkID: passage.chunk.chunkID, byteStart: source.lowerBound,
                byteEnd: source.upperBound, text: text, source: citations.count + 1
            ))
            parts.append("\(text) [\(citations.count)]")
        }
        guard !parts.isEmpty else {
            return GeneratedAnswer(text: Self.noAnswer, citations: [], citationFlags: [.citesNothing])
        }
        return GeneratedAnswer(text: parts.joined(separator: " "), citations: citations)
    }

    private struct Candidate {
        var passage: Int
        var position: Int
        var sentence: Sentence
        var matched: Set<String>
        var announces: Bool
        /// Whether the sentence is a command or code (``SnippetExtent/isCode(_:)``).
        var code: Bool
    }

    /// Sentences `sentences` of context passage `passage`, quoted as one.
    private struct Snippet {
        var passage: Int
        var sentences: ClosedRange<Int>
    }
}
