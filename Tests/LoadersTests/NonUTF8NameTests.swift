import Foundation
import Loaders
import Testing

/// File names that are not valid UTF-8 (a Latin-1 "café.txt", made by an old tool or
/// an unpacked archive) are found, read and printed instead of reported as missing.
struct NonUTF8NameTests {
    /// "café.txt" with é as the single Latin-1 byte 0xE9.
    private let latin1Name = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)

    @Test func theWalkerFindsItAndTheLoaderReadsIt() throws {
        let folder = try Fixtures.temporaryFolder()
        try Fixtures.write("plain", to: "b.txt", in: folder)
        let written = try Fixtures.write(Array("Café au lait".utf8), toRawName: latin1Name, in: folder)
        let (files, problems) = FileWalker().files(under: [FileSystemPath(folder)])
        #expect(problems.isEmpty)
        #expect(files == [FileSystemPath(folder).appending(Array("b.txt".utf8)), written])
        let source = try DocumentLoader().load(written)
        #expect(source.path == written)
        #expect(source.documents.first?.text == "Café au lait")
    }

    @Test func itPrintsWithTheBadByteEscaped() throws {
        let path = FileSystemPath("/docs").appending(latin1Name)
        #expect(path.description == "/docs/caf\\xE9.txt")
        #expect(path.pathExtension == "txt")
        // Control characters are escaped too, so a name cannot break a line of output.
        #expect(FileSystemPath("/docs/a\nb.txt").description == "/docs/a\\x0Ab.txt")
        #expect(FileSystemPath("/docs/日本.md").description == "/docs/日本.md")
    }

    /// pdftotext gets the file on its standard input: a name that is not UTF-8, or that
    /// starts with "-", cannot be passed on its command line.
    @Test func aPdfWithSuchANameIsRead() throws {
        let folder = try Fixtures.temporaryFolder()
        let pdf = Array(try Data(contentsOf: Fixtures.url("hello.pdf")))
        let path = try Fixtures.write(pdf, toRawName: Array("-r".utf8) + [0xE9] + Array("sum.pdf".utf8), in: folder)
        let source = try DocumentLoader().load(path)
        #expect(source.documents.first?.text.hasPrefix("Quarry reads PDF files.") == true)
    }

    @Test func problemsNameTheFileWithTheByteEscaped() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = try Fixtures.write(Array("caf".utf8) + [0xFF], toRawName: latin1Name, in: folder)
        #expect {
            try DocumentLoader().load(path)
        } throws: { error in
            (error as? LoaderError)?.path == folder.path + "/caf\\xE9.txt"
        }
    }

    @Test func twoNamesThatPrintAlikeAreNotConfused() throws {
        let folder = try Fixtures.temporaryFolder()
        try Fixtures.write("literal backslash", to: "caf\\xE9.txt", in: folder)
        try Fixtures.write(Array("latin-1 byte".utf8), toRawName: latin1Name, in: folder)
        let (files, problems) = FileWalker().files(under: [FileSystemPath(folder)])
        #expect(files.count == 1)
        #expect(problems.count == 1)
        #expect(problems.first?.reason.contains("Rename one of them") == true)
    }
}
