import Foundation

/// LongLLMLingua's question conditioning inside a context, as a lexical proxy measured
/// instead of an LM pass. Each sentence of the contexts is weighted by the question's
/// content words it holds, each word by how rare it is among the contexts' sentences
/// (log(1 + sentences / sentences holding it)); then by bridge terms at
/// ``bridgeShare`` of that (``BridgeTerms``: the names of the best sentences, which lead
/// a multi-hop question to its second paragraph); last, each sentence gets
/// ``neighbourShare`` of the weights of the sentences on either side. The pruner keeps
/// sentences whole in that order before anything of a sentence without a question word
/// nearby, so the text next to the question's terms, where answers usually sit, survives.
enum SentenceRelevance {
    /// The share of a neighbour's weight a sentence gets (measured on 100 questions at
    /// 3×: COVID-QA survival 0.66 without, 0.70 with 0.3; SQuAD 0.98 / 0.99; multi-hop
    /// 0.64 / 0.63).
    static let neighbourShare: Float = 0.3
    /// A bridge term's weight against a question term of the same rarity (measured on
    /// questions 1–200 at 3×, against none: multi-hop survival 0.70 → 0.72 relative to
    /// uncompressed, SQuAD 0.98 and COVID-QA 0.86 both; 0.5 from four sentences reached
    /// 0.73 but cost SQuAD 0.97 → 0.94 and COVID-QA 0.76 → 0.72 at 5×).
    static let bridgeShare: Float = 0.25

    /// One relevance per unit of each passage (its sentence's weight; 0 without a
    /// question word or bridge term in it or next to it).
    static func of(_ passages: [TokenizedPassage], terms: Set<String>) -> [[Float]] {
        guard !terms.isEmpty else { return passages.map { [Float](repeating: 0, count: $0.units.count) } }
        var sentences: [[(range: Range<Int>, words: Set<String>, names: Set<String>)]] = []
        for passage in passages {
            let bytes = Array(passage.passage.text.utf8)
            sentences.append(QuestionTerms.sentences(bytes).map { range in
                let words = QuestionTerms.words(bytes[range])
                return (range, Set(words.map(\.text)), BridgeTerms.names(in: bytes, words: words))
            })
        }
        let all = sentences.flatMap { $0 }
        let count = Float(all.count)
        var holding: [String: Int] = [:]
        for sentence in all { for word in sentence.words { holding[word, default: 0] += 1 } }
        func rarity(_ word: String) -> Float { log(1 + count / Float(holding[word] ?? 1)) }
        let lexical = sentences.map { passage in
            passage.map { sentence in sentence.words.intersection(terms).reduce(Float(0)) { $0 + rarity($1) } }
        }
        let bridges = BridgeTerms.of(
            all.map(\.names), weights: lexical.flatMap { $0 }, questionTerms: terms, holding: holding
        )
        let own = sentences.indices.map { p in
            sentences[p].indices.map { k in
                lexical[p][k] + bridgeShare * sentences[p][k].words.intersection(bridges).reduce(0) { $0 + rarity($1) }
            }
        }
        return passages.indices.map { p in
            let weights = own[p].indices.map { k in
                own[p][k] + neighbourShare * ((k > 0 ? own[p][k - 1] : 0) + (k + 1 < own[p].count ? own[p][k + 1] : 0))
            }
            var s = 0
            return passages[p].units.map { unit in
                while s + 1 < sentences[p].count, sentences[p][s].range.upperBound <= unit.bytes.lowerBound { s += 1 }
                return weights.isEmpty ? 0 : weights[s]
            }
        }
    }
}
