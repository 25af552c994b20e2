import Foundation
import Loaders
import Testing

/// Paths a user can get wrong, and how formats are recognised.
struct DocumentLoaderErrorTests {
    private func loadError(_ url: URL) -> LoaderError? {
        do {
            _ = try DocumentLoader().load(url)
            return nil
        } catch {
            return error as? LoaderError
        }
    }

    @Test func missingFileIsNamed() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("gone.txt")
        let error = try #require(loadError(url))
        #expect(error.path == url.path)
        #expect(error.reason.contains("no such file"))
        #expect(error.description.hasPrefix(url.path + ": "))
    }

    @Test func folderAndUnsupportedExtensionAreRefused() throws {
        let folder = try Fixtures.temporaryFolder()
        #expect(loadError(folder)?.reason.contains("is a folder") == true)
        let docx = try Fixtures.write("text", to: "report.docx", in: folder)
        let error = try #require(loadError(docx))
        #expect(error.reason.contains("'.docx'"))
        #expect(error.reason.contains(".txt"))
        #expect(error.reason.contains(".jsonl"))
    }

    @Test func brokenSymbolicLinkIsExplained() throws {
        let folder = try Fixtures.temporaryFolder()
        let link = folder.appendingPathComponent("dangling.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "nowhere.txt")
        #expect(loadError(link)?.reason.contains("broken symbolic link") == true)
    }

    @Test func formatsAreRecognisedByExtension() {
        #expect(DocumentFormat(fileExtension: "TXT") == .text)
        #expect(DocumentFormat(fileExtension: "text") == .text)
        #expect(DocumentFormat(fileExtension: "markdown") == .markdown)
        #expect(DocumentFormat(fileExtension: "htm") == .html)
        #expect(DocumentFormat(fileExtension: "xhtml") == .html)
        #expect(DocumentFormat(fileExtension: "pdf") == .pdf)
        #expect(DocumentFormat(fileExtension: "jsonl") == .jsonl)
        #expect(DocumentFormat(fileExtension: "json") == nil)
        #expect(DocumentFormat(fileExtension: "") == nil)
    }
}
