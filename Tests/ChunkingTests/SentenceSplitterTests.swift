import Chunking
import Testing

/// The splitter's contract, case by case: what must split and what must not.
struct SentenceSplitterTests {
    private let splitter = SentenceSplitter()

    private func sentences(_ text: String) -> [String] {
        splitter.split(text).map { String($0.text) }
    }

    @Test func splitsAtTerminalMarksFollowedBySpace() {
        #expect(sentences("It rains. Does it? Yes! Fine… Go.")
            == ["It rains.", "Does it?", "Yes!", "Fine…", "Go."])
    }

    @Test func keepsRunsOfMarksTogether() {
        #expect(sentences("Really?! I thought so... Then we left.")
            == ["Really?!", "I thought so...", "Then we left."])
    }

    @Test(arguments: [
        "Dr. Smith met Mr. Jones at noon.",
        "Use a fruit, e.g. Apples or pears, i.e. Fruit from trees.",
        "Apples, pears, etc. and other fruit grow here.",
        "See Fig. 3 and Eq. 2 for details.",
        "Brazil vs. Argentina was a close game.",
        "The U.S. Army was founded in 1775.",
        "Pi is about 3.14 and e about 2.72 in value.",
        "J. R. R. Tolkien wrote it.",
        "Upgrade from version 1.2.3 to 2.0.1 today.",
        "Visit https://www.example.com/docs/index.html?page=2 for more.",
        "Write to jane.doe@example.org about it.",
        "Smith et al. (2020) found the same effect.",
        "It was filed as No. 5 in the register.",
    ])
    func doesNotSplitInside(_ text: String) {
        #expect(sentences(text) == [text])
    }

    @Test func dottedAcronymsAndInitialsHoldEvenBeforeCapitals() {
        #expect(sentences("Use plain words, i.e. Short ones. Then stop.") == ["Use plain words, i.e. Short ones.", "Then stop."])
        #expect(sentences("Ask Prof. Ng. She knows.") == ["Ask Prof. Ng.", "She knows."])
    }

    @Test func numbersOpeningASentenceAreListOrSectionNumbers() {
        #expect(sentences("8.1.1. Integer Types\n\n1. Install it. 2. Run it.")
            == ["8.1.1. Integer Types", "1. Install it.", "2. Run it."])
        #expect(sentences("Sales fell in 2019. 42 shops closed.") == ["Sales fell in 2019.", "42 shops closed."])
    }

    @Test func lowercaseContinuationKeepsMarksInside() {
        #expect(sentences("He shouted \"stop!\" and ran. Wait… what was that? Nothing.")
            == ["He shouted \"stop!\" and ran.", "Wait… what was that?", "Nothing."])
    }

    @Test func otherScriptsEndSentencesToo() {
        #expect(sentences("یہ پہلا ہے۔ یہ دوسرا ہے۔") == ["یہ پہلا ہے۔", "یہ دوسرا ہے۔"])
        #expect(sentences("क्या हाल है। ठीक है।") == ["क्या हाल है।", "ठीक है।"])
        #expect(sentences("First\u{2029}Second") == ["First", "Second"])
    }

    @Test func closingQuotesAndBracketsStayWithTheSentence() {
        #expect(sentences(#"He said "no." Then he left."#) == [#"He said "no.""#, "Then he left."])
        #expect(sentences("(This is an aside.) The main text goes on.")
            == ["(This is an aside.)", "The main text goes on."])
        #expect(sentences("“Who’s there?” asked the guard.") == ["“Who’s there?” asked the guard."])
        #expect(sentences("She wrote ‘fine.’ We agreed.") == ["She wrote ‘fine.’", "We agreed."])
    }

    @Test func splitsAfterUrlsAndNumbersAtSentenceEnd() {
        #expect(sentences("The site is example.com. It is new. Prices rose in 2019. 42 shops closed.")
            == ["The site is example.com.", "It is new.", "Prices rose in 2019.", "42 shops closed."])
    }

    @Test func splitsAtCJKMarksWithoutSpaces() {
        #expect(sentences("今天天气很好。我们去公园吧！你来吗？好的。")
            == ["今天天气很好。", "我们去公园吧！", "你来吗？", "好的。"])
        #expect(sentences("彼は「行く。」と言った。次の日。") == ["彼は「行く。」", "と言った。", "次の日。"])
    }

    @Test func paragraphBreaksEndSentences() {
        #expect(sentences("Heading without a period\n\nFirst line\ncontinues here. Next one.\n \t\nLast")
            == ["Heading without a period", "First line\ncontinues here.", "Next one.", "Last"])
    }

    @Test func emptyAndWhitespaceGiveNothing() {
        #expect(splitter.split("").isEmpty)
        #expect(splitter.split(" \n\n\t \u{3000}\u{00A0}").isEmpty)
    }

    @Test func byteRangesAreTrimmedUtf8OffsetsIntoTheOriginal() {
        let text = "  Ünïcödé first. 日本語の文。\n\n  Émoji 🎉 end!  "
        let bytes = Array(text.utf8)
        let found = splitter.split(text)
        #expect(found.map(\.text) == ["Ünïcödé first.", "日本語の文。", "Émoji 🎉 end!"])
        for sentence in found {
            let slice = String(decoding: bytes[sentence.byteRange], as: UTF8.self)
            #expect(slice == String(sentence.text))
        }
        #expect(found.first?.byteRange.lowerBound == 2)
        #expect(found.last?.byteRange.upperBound == bytes.count - 2)
    }

    @Test func everyNonSpaceCharacterIsInExactlyOneSentenceInOrder() {
        let text = """
        Mr. Brown (b. 1950) said: "We'll see." He paused… Then: Why not?!
        A list: 1. first 2. second. Version 10.4.1 shipped on Jan. 5 at 3 p.m. yesterday.

        新しい段落。Another one
        """
        let found = splitter.split(text)
        var previousEnd = 0
        for sentence in found {
            #expect(sentence.byteRange.lowerBound >= previousEnd)
            previousEnd = sentence.byteRange.upperBound
        }
        let joined = found.map { String($0.text) }.joined()
        #expect(joined.filter { !$0.isWhitespace } == text.filter { !$0.isWhitespace })
    }

    @Test func largeTextSplitsCompletely() {
        let paragraph = "The quick brown fox, e.g. a fox, jumps over 3.5 dogs. Does it? It does!\n\n"
        let text = String(repeating: paragraph, count: 20_000)
        let found = splitter.split(text)
        #expect(found.count == 60_000)
        #expect(found.last?.byteRange.upperBound == text.utf8.count - 2)
    }
}
