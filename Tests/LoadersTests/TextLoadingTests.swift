import Foundation
import Loaders
import Testing

/// `.txt` and `.md` files: decoding, normalisation and the errors a user can cause.
struct TextLoadingTests {
    private let loader = DocumentLoader()

    private func loadError(_ url: URL, loader: DocumentLoader = DocumentLoader()) -> LoaderError? {
        do {
            _ = try loader.load(url)
            return nil
        } catch {
            return error as? LoaderError
        }
    }

    @Test func plainTextDropsBomUnifiesLineEndsAndNormalisesToNFC() throws {
        let folder = try Fixtures.temporaryFolder()
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("  First line\r\nCafe\u{301}\rend\r\n".utf8)
        let url = try Fixtures.write(bytes, to: "notes.txt", in: folder)
        let source = try loader.load(url)
        #expect(source.format == .text)
        #expect(source.byteCount == bytes.count)
        #expect(source.documents.count == 1)
        let document = try #require(source.documents.first)
        #expect(document.text == "  First line\nCaf\u{E9}\nend\n")
        #expect(document.text.unicodeScalars.contains("\u{E9}"))
        #expect(document.title == "First line")
        #expect(document.externalID == nil)
        #expect(abs(source.modified.timeIntervalSinceNow) < 3600)
    }

    @Test func markdownKeepsItsTextAndTakesTheFirstHeadingAsTitle() throws {
        let folder = try Fixtures.temporaryFolder()
        let markdown = "Intro line\n\n## Setting up Quarry\n\nRun `quarry index`.\n"
        let source = try loader.load(try Fixtures.write(markdown, to: "guide.MD", in: folder))
        #expect(source.format == .markdown)
        #expect(source.documents.first?.text == markdown)
        #expect(source.documents.first?.title == "Setting up Quarry")
    }

    @Test func binaryFilesAreRefused() throws {
        let folder = try Fixtures.temporaryFolder()
        let withNul = try Fixtures.write([0x68, 0x69, 0x00, 0x21], to: "nul.txt", in: folder)
        #expect(loadError(withNul)?.reason.contains("binary file") == true)
        let controls = try Fixtures.write((0..<4000).map { UInt8(1 + $0 % 8) }, to: "controls.txt", in: folder)
        let error = try #require(loadError(controls))
        #expect(error.reason.contains("binary file"))
        #expect(error.path == controls.path)
    }

    @Test func invalidUtf8NamesTheByteOffsetAndSaysToConvert() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = try Fixtures.write(Array("caf".utf8) + [0xE9] + Array(" au lait".utf8), to: "latin1.txt", in: folder)
        let error = try #require(loadError(url))
        #expect(error.path == url.path)
        #expect(error.reason.contains("invalid UTF-8 at byte offset 3"))
        #expect(error.reason.contains("convert the file to UTF-8"))
        // Overlong encodings and surrogates are invalid too.
        let overlong = try Fixtures.write([0x41, 0xC0, 0xAF], to: "overlong.txt", in: folder)
        #expect(loadError(overlong)?.reason.contains("byte offset 1") == true)
        let surrogate = try Fixtures.write([0x41, 0x42, 0xED, 0xA0, 0x80], to: "surrogate.md", in: folder)
        #expect(loadError(surrogate)?.reason.contains("byte offset 2") == true)
    }

    @Test func utf16IsRefusedWithAConversionHint() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = try Fixtures.write([0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00], to: "wide.txt", in: folder)
        #expect(loadError(url)?.reason.contains("convert the file to UTF-8") == true)
    }

    @Test(arguments: ["", " \n\t\r\n  ", "\u{FEFF}", "\u{3000}\u{00A0}\n"])
    func emptyOrWhitespaceOnlyFilesAreRefused(_ content: String) throws {
        let folder = try Fixtures.temporaryFolder()
        let url = try Fixtures.write(content, to: "blank.txt", in: folder)
        let error = try #require(loadError(url))
        #expect(error.reason.contains("empty file"))
    }

    @Test func filesOverTheLimitAreRefusedNamingTheLimit() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = try Fixtures.write(String(repeating: "word ", count: 300), to: "big.txt", in: folder)
        let error = try #require(loadError(url, loader: DocumentLoader(maxFileBytes: 1000)))
        #expect(error.reason.contains("1500 bytes, over Quarry's limit of 1000 bytes per file"))
        #expect(try DocumentLoader(maxFileBytes: 1500).load(url).documents.count == 1)
    }

    @Test func fiftyMegabyteFileLoadsWhole() throws {
        let folder = try Fixtures.temporaryFolder()
        let line = "Line of text with an accent: cafe\u{301}, and a CRLF.\r\n"
        let repeats = 50_000_000 / line.utf8.count + 1
        let url = try Fixtures.write(String(repeating: line, count: repeats), to: "large.txt", in: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try loader.load(url)
        #expect(source.byteCount == line.utf8.count * repeats)
        #expect(source.byteCount > 50_000_000)
        let text = try #require(source.documents.first?.text)
        let expectedLine = "Line of text with an accent: caf\u{E9}, and a CRLF.\n"
        #expect(text.utf8.count == expectedLine.utf8.count * repeats)
        #expect(text.hasPrefix(expectedLine + expectedLine))
        #expect(text.hasSuffix(expectedLine))
    }
}
