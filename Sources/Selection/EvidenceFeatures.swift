import Foundation
import QuarryCore

/// The per-chunk and per-pair facts the evidence reward combines, computed once per question.
struct EvidenceFeatures: Sendable {
    let count: Int
    /// Retrieval score over the best candidate's, per chunk.
    var relevance: [Double] = []
    /// The weight of each question content word (rarer among the candidates weighs more).
    var termWeights: [Double] = []
    /// Per chunk, a bit set over `termWeights`: which question words it contains.
    var termMasks: [[UInt64]] = []
    /// The total weight of the question words that some candidate contains.
    var coverableWeight = 0.0
    /// Word-trigram Jaccard overlap per pair, row-major count × count.
    var overlap: [Double] = []
    /// Cosine with the question per chunk, and per pair (row-major); empty without embeddings.
    var questionCosine: [Double] = []
    var pairCosine: [Double] = []
    /// Per chunk: its title is named in the question; per pair (row-major, i names j):
    /// chunk i's text names chunk j's title. The links a multi-hop answer follows.
    var namedByQuestion: [Bool] = []
    var names: [Bool] = []
    /// The likelihood of the question per chunk, min-max mapped to 0...1; empty without a model.
    var likelihood: [Double] = []

    init(count: Int) {
        self.count = count
    }

    var hasEmbeddings: Bool { !questionCosine.isEmpty }
    var hasLikelihood: Bool { !likelihood.isEmpty }

    mutating func setTerms(question: String, chunkWords: [[String]]) {
        let terms = EvidenceText.contentWords(question)
        let chunkSets = chunkWords.map(Set.init)
        let wordsPerMask = (terms.count + 63) / 64
        termMasks = chunkSets.map { words in
            var mask = [UInt64](repeating: 0, count: wordsPerMask)
            for (bit, term) in terms.enumerated() where words.contains(term) { mask[bit / 64] |= 1 << UInt64(bit % 64) }
            return mask
        }
        termWeights = terms.map { term in
            let frequency = chunkSets.reduce(0) { $0 + ($1.contains(term) ? 1 : 0) }
            guard frequency > 0 else { return 0 }
            return log(1 + Double(count + 1) / Double(frequency))
        }
        coverableWeight = termWeights.reduce(0, +)
    }

    mutating func setLinks(question: String, titles: [String?], texts: [String]) {
        let cores = titles.map { $0.map(Self.titleCore) ?? "" }
        let question = question.lowercased()
        let texts = texts.map { $0.lowercased() }
        namedByQuestion = cores.map { !$0.isEmpty && question.contains($0) }
        names = [Bool](repeating: false, count: count * count)
        for i in 0..<count {
            for j in 0..<count where i != j && !cores[j].isEmpty && cores[j] != cores[i] {
                names[i * count + j] = texts[i].contains(cores[j])
            }
        }
    }

    /// A title without its parenthesised qualifier, lower-cased: "Michael Jackson (writer)" → "michael jackson".
    private static func titleCore(_ title: String) -> String {
        let core = title.split(separator: "(", maxSplits: 1).first.map(String.init) ?? title
        let trimmed = core.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed.count >= 3 ? trimmed : ""
    }

    mutating func setOverlap(chunkWords: [[String]]) {
        let grams = chunkWords.map(EvidenceText.trigrams)
        overlap = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in (i + 1)..<max(i + 1, count) {
                let shared = grams[i].intersection(grams[j]).count
                let union = grams[i].count + grams[j].count - shared
                let jaccard = union > 0 ? Double(shared) / Double(union) : 0
                overlap[i * count + j] = jaccard
                overlap[j * count + i] = jaccard
            }
        }
    }

    mutating func setEmbeddings(question: [Float], chunks: [[Float]]) throws {
        guard chunks.count == count, chunks.allSatisfy({ $0.count == question.count }) else {
            throw QuarryError(.internal, "selection embeddings: \(chunks.count) vectors for \(count) chunks, or widths differ")
        }
        questionCosine = chunks.map { Self.dot($0, question) }
        pairCosine = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in i..<count {
                let cosine = Self.dot(chunks[i], chunks[j])
                pairCosine[i * count + j] = cosine
                pairCosine[j * count + i] = cosine
            }
        }
    }

    mutating func setLikelihood(_ scores: [Double]) throws {
        guard scores.count == count, scores.allSatisfy(\.isFinite) else {
            throw QuarryError(.internal, "selection likelihood: \(scores.count) finite scores expected for \(count) chunks")
        }
        let low = scores.min() ?? 0
        let span = (scores.max() ?? 0) - low
        likelihood = scores.map { span > 0 ? ($0 - low) / span : 1 }
    }

    private static func dot(_ a: [Float], _ b: [Float]) -> Double {
        var sum: Float = 0
        for i in a.indices { sum += a[i] * b[i] }
        return Double(sum)
    }
}
