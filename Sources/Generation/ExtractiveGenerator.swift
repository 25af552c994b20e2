import Chunking
import Foundation
import QuarryCore
import SparseIndex

/// Answers without a language model: the context sentences that best cover the
/// question's terms, each cited with its exact byte range in its document.
///
/// A sentence scores the sum of the inverse sentence frequencies (over the context) of
/// the distinct question terms it contains, divided by a mild length penalty, plus a
/// small bonus for coming from a better-ranked chunk. Sentences under six words
/// (headings, fragments) are used only when nothing longer matches, and lines without
/// closing punctuation (headings, table cells) count half. The best
/// `maxSentences` are returned in context order so the answer reads as the sources do.
/// Citations map each sentence back through its passage's pieces to the document's
/// bytes, so they stay exact when a compressor has shortened the context.
public struct ExtractiveGenerator: Generator {
    public let name = "extractive"
    public var maxSentences: Int
    private let analyzer = Analyzer()
    private let splitter = SentenceSplitter()

    public init(maxSentences: Int = 3) {
        self.maxSentences = maxSentences
    }

    /// The reply when the context holds nothing that matches the question.
    public static let noAnswer = "I found nothing in the index that answers this question."

    /// Sentences shorter than this (headings, fragments) are a last resort.
    static let minimumWords = 6

    public func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let answer = try await Offload.run { self.answer(question: question, context: context) }
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

    /// The answer, computed at once.
    public func answer(question: String, context: [ContextPassage]) -> GeneratedAnswer {
        let questionTerms = Set(analyzer.terms(question))
        var candidates: [Candidate] = []
        for (chunkIndex, passage) in context.enumerated() {
            for sentence in splitter.split(passage.text) {
                let terms = Set(analyzer.terms(String(sentence.text)))
                candidates.append(
                    Candidate(chunkIndex: chunkIndex, sentence: sentence, matched: terms.intersection(questionTerms))
                )
            }
        }
        var documentFrequency: [String: Int] = [:]
        for candidate in candidates {
            for term in candidate.matched { documentFrequency[term, default: 0] += 1 }
        }
        let total = Float(max(candidates.count, 1))
        func score(_ candidate: Candidate) -> Float {
            var coverage: Float = 0
            for term in candidate.matched {
                let frequency = Float(documentFrequency[term] ?? 1)
                coverage += log(1 + total / frequency)
            }
            let words = Float(max(candidate.sentence.text.split(separator: " ").count, 1))
            let excess: Float = max(words - 25, 0) / 25
            let lengthPenalty: Float = 1 + log(1 + excess)
            let rankBonus: Float = 0.1 / Float(candidate.chunkIndex + 1)
            // A line without closing punctuation is usually a heading or a table cell.
            let prose: Float = candidate.sentence.text.last.map { ".!?…。！？\")".contains($0) } == true ? 1 : 0.5
            return prose * coverage / lengthPenalty + rankBonus
        }
        var ranked: [Ranked] = []
        for (order, candidate) in candidates.enumerated() where !candidate.matched.isEmpty {
            ranked.append(Ranked(order: order, candidate: candidate, score: score(candidate)))
        }
        // Headings and fragments rarely answer anything: use them only when nothing else matches.
        let sentences = ranked.filter { $0.candidate.sentence.text.split(separator: " ").count >= Self.minimumWords }
        if !sentences.isEmpty { ranked = sentences }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
        let best = ranked.prefix(maxSentences).sorted { $0.order < $1.order }
        guard !best.isEmpty else { return GeneratedAnswer(text: Self.noAnswer, citations: [], citationFlags: [.citesNothing]) }

        var citations: [Citation] = []
        var parts: [String] = []
        for item in best {
            let passage = context[item.candidate.chunkIndex]
            guard let source = passage.sourceRange(of: item.candidate.sentence.byteRange) else { continue }
            citations.append(
                Citation(
                    document: passage.chunk.document, chunkID: passage.chunk.chunkID,
                    byteStart: source.lowerBound, byteEnd: source.upperBound,
                    text: String(item.candidate.sentence.text), source: citations.count + 1
                )
            )
            parts.append("\(item.candidate.sentence.text) [\(citations.count)]")
        }
        return GeneratedAnswer(text: parts.joined(separator: " "), citations: citations)
    }

    private struct Candidate {
        var chunkIndex: Int
        var sentence: Sentence
        var matched: Set<String>
    }

    private struct Ranked {
        var order: Int
        var candidate: Candidate
        var score: Float
    }
}
