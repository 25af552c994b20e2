import QuarryCore

/// Meta-Chunking's margin-sampling chunker: for each next sentence the chat model is
/// asked whether to split the running chunk from it ("1") or keep them together ("2");
/// the margin p("2") − p("1") above the threshold keeps the sentence in the chunk.
///
/// The threshold starts at 0 and, once five margins exist, is the mean of the last five
/// (the reference's rule). The prompt is the paper's. To bound the cost (one LM call per
/// sentence, with the running chunk twice in the prompt), a sentence that would take the
/// running chunk over the target closes it without asking, so the prompt stays under
/// about twice the target plus the sentence. ``MetaChunkMerger`` then merges chunks up to
/// the target. Sizes are the tokenizer's exact counts.
public struct MarginSamplingChunker: Chunker {
    /// The most tokens a chunk may hold, in the tokenizer's tokens.
    public var targetTokens: Int
    public var tokenizer: any TextTokenizer
    public var model: any ChoiceModel
    public var meter: ScoringMeter

    /// Creates the chunker; see the type's documentation.
    public init(targetTokens: Int = 200, tokenizer: any TextTokenizer, model: any ChoiceModel, meter: ScoringMeter = .init()) {
        self.targetTokens = targetTokens
        self.tokenizer = tokenizer
        self.model = model
        self.meter = meter
    }

    /// The paper's English prompt for splitting `first` from `second`.
    public static func prompt(_ first: String, _ second: String) -> String {
        let joined = first + " " + second
        return """
            This is a text chunking task. You are a text analysis expert. Please choose one of the following two \
            options based on the logical structure and semantic content of the provided sentence:
            1. Split "\(joined)" into "\(first)" and "\(second)" two parts;
            2. Keep "\(joined)" unsplit in its original form;
            Please answer 1 or 2.
            """
    }

    /// The chunks of `text` in order.
    /// - Throws: ``ChunkingError`` for a target below 1, or what the model throws.
    public func chunk(_ text: String) throws -> [Chunk] {
        let assembler = try ChunkAssembler(text: text, tokenizer: tokenizer, targetTokens: targetTokens)
        let document = assembler.document
        let units = document.units
        guard !units.isEmpty else { return [] }
        if document.tokenIDs.count <= targetTokens { return assembler.wholeDocument }
        let sizes = units.map(\.tokens.count)
        var closes = [Bool](repeating: false, count: units.count)
        var strength = [Double](repeating: 0, count: units.count)
        var margins: [Double] = []
        var threshold = 0.0
        var running = 0..<1
        for next in 1..<units.count {
            // A write that was cancelled (its client left) or ran out of time stops here.
            try CancellationSignal.checkCurrent()
            if sizes[running].reduce(0, +) + sizes[next] > targetTokens {
                closes[next - 1] = true
                running = next..<(next + 1)
                continue
            }
            let prompt = Self.prompt(passage(running, in: document), passage(next..<(next + 1), in: document))
            let margin: Double = try meter.measure(tokens: tokenizer.count(prompt[...])) {
                try model.probabilityMargin(prompt: prompt, first: "1", second: "2")
            }
            margins.append(margin)
            strength[next - 1] = -margin
            if margin > threshold {
                running = running.lowerBound..<(next + 1)
            } else {
                closes[next - 1] = true
                running = next..<(next + 1)
            }
            if margins.count >= 5 { threshold = margins.suffix(5).reduce(0, +) / 5 }
        }
        let groups = MetaChunkMerger(targetTokens: targetTokens).merge(sizes: sizes, closes: closes, strength: strength)
        return assembler.chunks(groups, surprisal: nil)
    }

    /// The text of units `range`, from the first unit's text to the last one's end.
    private func passage(_ range: Range<Int>, in document: TokenizedDocument) -> String {
        String(document.text.slice(bytes: document.units[range.lowerBound].textStart..<document.units[range.upperBound - 1].span.upperBound))
    }
}
