import QuarryCore

/// LongLLMLingua's subsequence recovery for the generator side: an answer that copied
/// compressed text (with words missing) gets the original text back. Each longest run of
/// whole answer words found verbatim in a compressed passage is replaced by the source
/// text it was compressed from, read through the passage's pieces, when that source is
/// at most `maximumGrowth` times longer (a small gap, not a different sentence).
public enum SubsequenceRecovery {
    /// `answer` with the compressed runs it copied restored; runs shorter than
    /// `minimumBytes`, or with nothing dropped inside, stay as they are.
    public static func restore(
        _ answer: String, context: [ContextPassage], minimumBytes: Int = 8, maximumGrowth: Int = 3
    ) -> String {
        let a = Array(answer.utf8)
        let texts = context.map { Array($0.text.utf8) }
        var output: [UInt8] = []
        var i = 0
        while i < a.count {
            let atWordStart = i == 0 || UnitSegmenter.isSpace(a[i - 1])
            if atWordStart, let match = longestMatch(a, from: i, in: texts, minimumBytes: minimumBytes),
                let restored = original(of: match, in: context[match.passage], maximumGrowth: maximumGrowth)
            {
                output.append(contentsOf: restored)
                i += match.length
            } else {
                output.append(a[i])
                i += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct Match {
        var passage: Int
        var textStart: Int
        var length: Int
    }

    /// The longest run of `a` from `start` that ends at a word end and occurs in one of `texts`.
    static func longestMatch(_ a: [UInt8], from start: Int, in texts: [[UInt8]], minimumBytes: Int) -> Match? {
        var best: Match?
        for (p, t) in texts.enumerated() {
            for k in t.indices where t[k] == a[start] {
                var n = 0
                while start + n < a.count, k + n < t.count, a[start + n] == t[k + n] { n += 1 }
                // Back off to the end of a whole answer word.
                while n > 0, start + n < a.count, !UnitSegmenter.isSpace(a[start + n]), !UnitSegmenter.isPunctuation(a[start + n]) {
                    n -= 1
                }
                if n >= minimumBytes, n > (best?.length ?? 0) { best = Match(passage: p, textStart: k, length: n) }
            }
        }
        return best
    }

    /// The source bytes behind `match` when something was dropped inside it and the
    /// source lies within the passage's chunk.
    static func original(of match: Match, in passage: ContextPassage, maximumGrowth: Int) -> [UInt8]? {
        guard let source = passage.sourceRange(of: match.textStart..<(match.textStart + match.length)),
            source.count > match.length, source.count <= match.length * maximumGrowth
        else { return nil }
        let chunk = passage.chunk
        let lower = source.lowerBound - chunk.byteStart, upper = source.upperBound - chunk.byteStart
        let bytes = Array(chunk.text.utf8)
        guard lower >= 0, upper <= bytes.count else { return nil }
        return Array(bytes[lower..<upper])
    }
}
