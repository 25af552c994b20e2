import Testing
import SparseIndex

/// Chinese, Japanese and Korean are written without spaces, so bm25s's `\w+` keeps a
/// whole clause as one term and `首都` found nothing. They now become overlapping
/// bigrams as in Lucene's CJKAnalyzer, while other text analyses as before.
@Suite struct CJKAnalysisTests {
    let analyzer = Analyzer()

    @Test func chineseBecomesOverlappingBigrams() {
        #expect(analyzer.terms("日本的首都是东京") == ["日本", "本的", "的首", "首都", "都是", "是东", "东京"])
    }

    @Test func japaneseBigramsCrossKanaAndKanji() {
        #expect(analyzer.terms("東京は日本の首都です。") ==
                ["東京", "京は", "は日", "日本", "本の", "の首", "首都", "都で", "です"])
        #expect(analyzer.terms("データベースを検索") == ["デー", "ータ", "タベ", "ベー", "ース", "スを", "を検", "検索"])
    }

    @Test func koreanBigramsStopAtSpaces() {
        #expect(analyzer.terms("서울은 한국의 수도입니다") == ["서울", "울은", "한국", "국의", "수도", "도입", "입니", "니다"])
    }

    /// Lucene keeps a lone CJK character as a unigram; one Latin letter stays dropped.
    @Test func aLoneCharacterStaysAUnigram() {
        #expect(analyzer.terms("東 京。上海") == ["東", "京", "上海"])
        #expect(analyzer.terms("x 山 y") == ["山"])
    }

    @Test func mixedTextSplitsAtTheScriptBoundaryAndStemsOnlyTheEnglish() {
        #expect(analyzer.terms("Swift语言 runs 在Linux上, 2020年") ==
                ["swift", "语言", "run", "在", "linux", "上", "2020", "年"])
    }

    /// Fullwidth ASCII and halfwidth katakana (with its separate sound marks) fold to
    /// the usual widths, as Lucene's CJKWidthFilter does.
    @Test func fullwidthAndHalfwidthFormsFold() {
        #expect(analyzer.terms("ＳＱＬｉｔｅ ２０２０ Ｒｕｎｎｉｎｇ") == analyzer.terms("SQLite 2020 Running"))
        #expect(analyzer.terms("ﾄｳｷｮｳ ﾃﾞｰﾀ ﾊﾟﾝ") == ["トウ", "ウキ", "キョ", "ョウ", "デー", "ータ", "パン"])
        #expect(analyzer.terms("ﾃﾞｰﾀ") == analyzer.terms("データ"))
    }

    @Test func englishIsUnchanged() {
        #expect(analyzer.terms("The quick brown foxes jumped over the lazy dogs!") ==
                ["quick", "brown", "fox", "jump", "over", "lazi", "dog"])
        #expect(analyzer.terms("naïve café's déjà-vu Straße ½ x2") == ["naïv", "café", "déjà", "vu", "straße", "x2"])
    }

    /// The reported failure: a query for 首都 ("capital") finds the passages with it.
    @Test func bm25FindsAChineseWordInsideAClause() {
        let passages = [
            1: "日本的首都是东京。",
            2: "中国的首都是北京。",
            3: "The capital of France is Paris.",
            4: "東京は日本の首都です。",
            5: "北京烤鸭很有名。",
        ]
        var index = BM25Index()
        for (id, text) in passages {
            let (frequencies, length) = analyzer.termFrequencies(text)
            index.add(id: Int64(id), frequencies: frequencies, length: length)
        }
        #expect(Set(index.search(analyzer.terms("首都"), k: 10).map(\.id)) == [1, 2, 4])
        #expect(index.search(analyzer.terms("中国的首都"), k: 10).first?.id == 2)
        #expect(Set(index.search(analyzer.terms("北京"), k: 10).map(\.id)) == [2, 5])
        #expect(index.search(analyzer.terms("capital"), k: 10).map(\.id) == [3])
    }
}
