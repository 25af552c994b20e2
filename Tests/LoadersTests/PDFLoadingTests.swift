import Foundation
import Loaders
import Testing

/// PDFs through poppler's pdftotext.
struct PDFLoadingTests {
    @Test func textComesOutOfARealPdf() throws {
        let source = try DocumentLoader().load(Fixtures.url("hello.pdf"))
        #expect(source.format == .pdf)
        let document = try #require(source.documents.first)
        #expect(document.text.hasPrefix("Quarry reads PDF files.\nSecond line of text."))
        #expect(document.title == "Quarry reads PDF files.")
        #expect(!document.text.contains("\u{0C}"))
    }

    @Test func brokenPdfReportsPdftotextsMessage() throws {
        let url = try Fixtures.write("%PDF-1.4\nthis is not really a PDF\n", to: "broken.pdf",
                                     in: try Fixtures.temporaryFolder())
        do {
            _ = try DocumentLoader().load(url)
            Issue.record("a broken PDF loaded")
        } catch let error as LoaderError {
            #expect(error.path == url.path)
            #expect(error.reason.contains("pdftotext could not read this PDF"))
            #expect(error.reason.contains("decrypt"))
        }
    }
}
