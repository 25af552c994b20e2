/// Lucene `CJKAnalyzer`'s segmentation for scripts written without spaces: a run of
/// Han, Hiragana, Katakana and Hangul characters becomes its overlapping bigrams
/// (`日本の首都` → `日本` `本の` `の首` `首都`), and a character standing alone stays a
/// unigram. Queries and documents then meet on any shared two-character word.
enum CJKBigrams {
    /// Calls `body` with the bigrams of `run` in order, or with its one character.
    static func forEachGram(in run: [Unicode.Scalar], _ body: (String) -> Void) {
        guard run.count > 1 else {
            if let only = run.first { body(String(only)) }
            return
        }
        for index in 1..<run.count {
            var gram = String(run[index - 1])
            gram.unicodeScalars.append(run[index])
            body(gram)
        }
    }

    /// Whether `scalar` belongs to a script bigrammed here (by block: Swift exposes
    /// no script property). Only word characters reach this test, so punctuation and
    /// symbols in these blocks never count.
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF,    // Hangul Jamo
             0x3005...0x3007,    // 々 〆 〇
             0x3021...0x3029,    // Hangzhou numerals
             0x3031...0x3035,    // kana repeat marks
             0x3038...0x303C,    // more Han numerals and marks
             0x3041...0x309F,    // Hiragana
             0x30A0...0x30FF,    // Katakana
             0x3130...0x318F,    // Hangul compatibility Jamo
             0x31F0...0x31FF,    // Katakana phonetic extensions
             0x3400...0x4DBF,    // CJK extension A
             0x4E00...0x9FFF,    // CJK unified ideographs
             0xA960...0xA97F,    // Hangul Jamo extended A
             0xAC00...0xD7FF,    // Hangul syllables, Jamo extended B
             0xF900...0xFAFF,    // CJK compatibility ideographs
             0xFFA0...0xFFDC,    // halfwidth Hangul
             0x1B000...0x1B16F,  // kana supplement and extensions
             0x20000...0x323AF:  // CJK extensions B to H, compatibility supplement
            return true
        default:
            return false
        }
    }
}
