import QuarryCore

/// Top-k search of one segment by MaxScore (Turtle and Flood 1995, as in PISA and
/// Lucene): the query's terms, sorted by the most any of their postings can add, split
/// into the essential ones, whose postings are walked document by document, and the
/// non-essential ones, whose summed bounds cannot reach the heap's threshold; a
/// document only they contain is never looked at, and a document is dropped as soon as
/// its score so far plus what its remaining terms could add falls short. Documents
/// that survive are scored exactly as an exhaustive scorer would (``ScoredQuery/total(_:)``),
/// so the results are identical to scoring every posting.
extension Segment {
    private struct Cursor {
        var term: Int
        var position: Int
        let end: Int
        let idf: Float
        let multiplicity: Double
        let bound: Double
    }

    /// Offers `heap` every live document of this segment that can rank among its best.
    func search(_ query: ScoredQuery, deletes: DeleteSet, into heap: inout TopKHeap) {
        var cursors: [Cursor] = []
        for (index, term) in query.terms.enumerated() {
            guard let row = rows[term.text].map(Int.init) else { continue }
            let best = BM25Scorer.score(
                idf: term.idf, count: maxCounts[row], lengthNorm: query.scorer.lengthNorm(minLengths[row])
            )
            let multiplicity = Double(term.multiplicity)
            cursors.append(Cursor(
                term: index, position: offsets[row], end: offsets[row + 1], idf: term.idf, multiplicity: multiplicity,
                bound: Double(best) * multiplicity
            ))
        }
        guard !cursors.isEmpty, heap.capacity > 0 else { return }
        cursors.sort { $0.bound < $1.bound }
        // upTo[i]: the most the terms of cursors 0...i can add together.
        var upTo: [Double] = []
        var running = 0.0
        for cursor in cursors {
            running += cursor.bound
            upTo.append(running)
        }
        let slack = query.boundSlack
        var scores = [Float](repeating: 0, count: query.terms.count)
        var threshold = Double(heap.threshold)
        var essential = 0
        while essential < cursors.count, upTo[essential] * slack < threshold { essential += 1 }

        ordinals.withUnsafeBufferPointer { ordinals in
            counts.withUnsafeBufferPointer { counts in
                scores.withUnsafeMutableBufferPointer { scores in
                    cursors.withUnsafeMutableBufferPointer { cursors in
                        while essential < cursors.count {
                            var document = Int32.max
                            for index in essential..<cursors.count where cursors[index].position < cursors[index].end {
                                document = min(document, ordinals[cursors[index].position])
                            }
                            guard document != .max else { return }
                            let live = !deletes.contains(document)
                            let norm = live ? query.scorer.lengthNorm(lengths[Int(document)]) : 0
                            var partial = 0.0
                            for index in essential..<cursors.count {
                                let position = cursors[index].position
                                guard position < cursors[index].end, ordinals[position] == document else { continue }
                                if live {
                                    let score = BM25Scorer.score(
                                        idf: cursors[index].idf, count: counts[position], lengthNorm: norm
                                    )
                                    scores[cursors[index].term] = score
                                    partial += Double(score) * cursors[index].multiplicity
                                }
                                cursors[index].position = position + 1
                            }
                            guard live else { continue }
                            var candidate = true
                            for index in stride(from: essential - 1, through: 0, by: -1) {
                                if (partial + upTo[index]) * slack < threshold {
                                    candidate = false
                                    break
                                }
                                let position = seek(document, from: cursors[index].position, to: cursors[index].end)
                                cursors[index].position = position
                                guard position < cursors[index].end, ordinals[position] == document else { continue }
                                let score = BM25Scorer.score(idf: cursors[index].idf, count: counts[position], lengthNorm: norm)
                                scores[cursors[index].term] = score
                                partial += Double(score) * cursors[index].multiplicity
                            }
                            if candidate {
                                let total = query.total(scores)
                                if total > 0, total >= heap.threshold {
                                    heap.offer(ScoredID(id: documentIDs[Int(document)], score: total))
                                    threshold = Double(heap.threshold)
                                    while essential < cursors.count, upTo[essential] * slack < threshold { essential += 1 }
                                }
                            }
                            for index in 0..<scores.count { scores[index] = 0 }
                        }
                    }
                }
            }
        }
    }

    /// The score of the document at `ordinal` for `query`, as ``search(_:deletes:into:)`` computes it.
    func score(_ query: ScoredQuery, ordinal: Int32) -> Float {
        var scores = [Float](repeating: 0, count: query.terms.count)
        let norm = query.scorer.lengthNorm(lengths[Int(ordinal)])
        for (index, term) in query.terms.enumerated() {
            guard let row = rows[term.text].map(Int.init) else { continue }
            let position = seek(ordinal, from: offsets[row], to: offsets[row + 1])
            guard position < offsets[row + 1], ordinals[position] == ordinal else { continue }
            scores[index] = BM25Scorer.score(idf: term.idf, count: counts[position], lengthNorm: norm)
        }
        return scores.withUnsafeMutableBufferPointer { query.total($0) }
    }
}
