/// Lucene `CJKWidthFilter`'s folding: fullwidth ASCII variants (`ＳＱＬ２０２０`)
/// become ASCII, and halfwidth katakana (`ﾄｳｷｮｳ`, `ﾀﾞ`) fullwidth, so either
/// width of a word finds the other.
enum WidthFolding {
    /// The ASCII byte a fullwidth form stands for (U+FF01…U+FF5E → `!`…`~`).
    static func ascii(fromFullwidth scalar: Unicode.Scalar) -> UInt8? {
        (0xFF01...0xFF5E).contains(scalar.value) ? UInt8(scalar.value - 0xFEE0) : nil
    }

    /// The fullwidth katakana (or combining sound mark) for halfwidth U+FF66…U+FF9F.
    static func fullwidthKatakana(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard (0xFF66...0xFF9F).contains(scalar.value) else { return nil }
        return Unicode.Scalar(halfwidthKatakana[Int(scalar.value - 0xFF66)])
    }

    /// `kana` with the combining (semi-)voiced sound `mark` (U+3099 or U+309A) joined
    /// into one character (`ト` + ◌゙ → `ド`), or nil when no such character exists.
    static func composed(_ kana: Unicode.Scalar, with mark: Unicode.Scalar) -> Unicode.Scalar? {
        var decomposed = String(kana)
        decomposed.unicodeScalars.append(mark)
        // The voiced forms sit one or two code points after the plain kana, apart from
        // ヴ (ウ) and ヷ…ヺ (ワ…ヲ); canonical equivalence picks the right one.
        let candidates = [kana.value + 1, kana.value + 2, 0x30F4, 0x30F7, 0x30F8, 0x30F9, 0x30FA]
        return candidates.lazy.compactMap(Unicode.Scalar.init).first { String($0) == decomposed }
    }

    /// U+FF66…U+FF9F in order: ｦ, small ｧ…ｯ, ｰ, ｱ…ﾝ, then the sound marks ﾞ ﾟ.
    private static let halfwidthKatakana: [UInt32] = [
        0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3,
        0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1,
        0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6,
        0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8,
        0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
        0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x3099, 0x309A,
    ]
}
