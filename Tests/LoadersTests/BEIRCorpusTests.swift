import Foundation
import Loaders
import Testing

/// BEIR `corpus.jsonl` files: one document per line, errors by line number.
struct BEIRCorpusTests {
    private func loadError(_ content: String) throws -> LoaderError? {
        let url = try Fixtures.write(content, to: "corpus.jsonl", in: try Fixtures.temporaryFolder())
        do {
            _ = try DocumentLoader().load(url)
            return nil
        } catch {
            return error as? LoaderError
        }
    }

    @Test func sciFactSampleBecomesOneDocumentPerLine() throws {
        let source = try DocumentLoader().load(Fixtures.url("scifact-sample.jsonl"))
        #expect(source.format == .jsonl)
        #expect(source.documents.map(\.externalID) == ["4983", "5836", "7912", "36474"])
        let first = try #require(source.documents.first)
        let title = "Microstructural development of human newborn cerebral white matter assessed in vivo by "
            + "diffusion tensor magnetic resonance imaging."
        #expect(first.title == title)
        #expect(first.text.hasPrefix(title + "\n\nAlterations of the architecture of cerebral white matter"))
        #expect(source.documents.last?.text.contains("–") == true)
    }

    @Test func titleIsOptionalAndIdsMayBeNumbersAndBlankLinesAreSkipped() throws {
        let content = """
        {"_id": 7, "text": "Only text."}

        {"_id": "b", "title": "  ", "text": "Blank title."}\r
        {"_id": "c", "title": "Title only", "text": ""}
        {"_id": "d", "title": "", "text": " "}
        """
        let url = try Fixtures.write(content, to: "c.jsonl", in: try Fixtures.temporaryFolder())
        let documents = try DocumentLoader().load(url).documents
        #expect(documents == [
            LoadedDocument(externalID: "7", title: nil, text: "Only text."),
            LoadedDocument(externalID: "b", title: nil, text: "Blank title."),
            LoadedDocument(externalID: "c", title: "Title only", text: "Title only"),
        ])
    }

    @Test(arguments: [
        ("{\"_id\": \"1\", \"text\": \"ok\"}\n{\"_id\": \"2\", \"text\": \"cut", "line 2", "not valid JSON"),
        ("{\"_id\": \"1\", \"text\": \"ok\"}\n\n{\"_id\": \"2\"}\n", "line 3", "missing field \"text\""),
        ("[1, 2]\n", "line 1", "not a JSON object"),
        ("{\"_id\": \"1\", \"text\": 5}\n", "line 1", "field \"text\" is not a string"),
        ("{\"_id\": \"1\", \"text\": \"a\"}\n{\"_id\": \"1\", \"text\": \"b\"}\n", "line 2", "already used on line 1"),
    ])
    func badLinesAreNamedByNumber(_ content: String, _ line: String, _ what: String) throws {
        let error = try #require(try loadError(content))
        #expect(error.reason.hasPrefix(line + ":"))
        #expect(error.reason.contains(what))
    }

    @Test func emptyCorpusIsRefused() throws {
        #expect(try loadError("\n\n")?.reason.contains("empty file") == true)
    }
}
