import Compression
import Foundation
import Models
import QuarryCore

/// The real SmolLM2 tokenizer and decoder from the model cache, and passages cut from a
/// made-up document at known byte offsets.
enum Fixtures {
    static let decoder = Result { try LlamaDecoder(path: ModelLocator().requireDecoderFile()) }
    static let tokenizer = Result { try GGUFFile(path: ModelLocator().requireDecoderFile()) }
        .flatMap { gguf in Result { try ByteLevelBPETokenizer(gguf: gguf) } }

    /// The document the passages are cut from (its bytes are the "source").
    static let document = """
        The Eiffel Tower was completed on 31 March 1889 for the World's Fair in Paris. It is 330 metres tall \
        and was the tallest structure in the world for 41 years. Gustave Eiffel's company designed and built it, \
        although the original idea came from two of his engineers, who sketched it in 1884. Critics at the time \
        thought that the tower was ugly and that it would spoil the view of the city, but it soon became a symbol \
        of France.
        The tower has three levels for visitors, with restaurants on the first and second levels. Visitors can \
        climb the stairs to the second level or take one of the lifts; the top level is reached only by lift. \
        About 7 million people visit it every year, which makes it one of the most visited paid monuments. \
        The naïve café owners near the tower sell crêpes and 東京 souvenirs, and the config key `max_visitors = 500` \
        limits how many people can stand on the top level at once.
        Painting the tower takes about 60 tonnes of paint and is done every seven years to protect it from rust. \
        The work is done by hand by a team of about 25 painters, and it usually takes around 18 months to finish. \
        The colour has changed several times over the years, from red brown to yellow and then to the bronze \
        shade that visitors see today.
        """

    /// The document cut at line breaks into chunks, ranked in order.
    static func passages() -> [ContextPassage] {
        var passages: [ContextPassage] = []
        let bytes = Array(document.utf8)
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A || i == bytes.count - 1 {
            let end = byte == 0x0A ? i + 1 : i + 1
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            let chunk = RetrievedChunk(
                chunkID: Int64(passages.count + 1), document: "eiffel.txt", title: nil, byteStart: start, byteEnd: end,
                text: text, tokens: text.utf8.count / 4, score: 1, rank: passages.count + 1
            )
            passages.append(ContextPassage(chunk))
            start = end
        }
        return passages
    }

    /// Checks every piece of `passage` copies the document bytes it names.
    static func piecesMatchDocument(_ passage: ContextPassage) -> Bool {
        let text = Array(passage.text.utf8), source = Array(document.utf8)
        return passage.pieces.allSatisfy { piece in
            text[piece.textStart..<(piece.textStart + piece.length)].elementsEqual(source[piece.sourceStart..<(piece.sourceStart + piece.length)])
        }
    }
}

/// Surprisal that rises with position in each passage, so scorer-driven choices are predictable.
struct RisingScorer: TokenScorer {
    let name = "rising"

    func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]] {
        passages.map { passage in (0..<passage.tokenCount).map { Float($0) } }
    }
}
