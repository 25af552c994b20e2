import Models
import Testing

@Suite("WordPiece tokenizer against sentence-transformers")
struct WordPieceGoldenTests {
    @Test("every golden case tokenizes to the reference ids, full and capped at 256")
    func goldenIds() throws {
        let folder = try ModelLocator().requireEmbedderFolder()
        let tokenizer = try WordPieceTokenizer(vocabularyFile: folder + "/vocab.txt")
        for item in try GoldenFiles.cases("minilm.json") {
            let text = item["text"] as! String
            #expect(tokenizer.encode(text) == item["input_ids_full"] as! [Int], "text: \(text.prefix(60))")
            #expect(tokenizer.encode(text, maxLength: 256) == item["input_ids_truncated_256"] as! [Int], "text: \(text.prefix(60))")
        }
    }
}
