import Foundation
import Loaders
import Testing

/// Expanding user-given paths into files: order, filtering, links and problems.
struct FileWalkerTests {
    /// Paths of `files` relative to `folder`.
    private func relative(_ files: [FileSystemPath], to folder: URL) -> [String] {
        files.map { String($0.description.dropFirst(folder.path.count + 1)) }
    }

    private func makeTree() throws -> URL {
        let root = try Fixtures.temporaryFolder()
        for name in ["b.txt", "a.md", "Z.html", "sub/c.jsonl", "sub/deeper/d.pdf", "sub/e.docx", "notes",
                     ".hidden.txt", ".git/config.txt", "sub/.cache/x.md", "10.txt", "9.txt"] {
            try Fixtures.write("text", to: name, in: root)
        }
        return root
    }

    @Test func foldersExpandRecursivelyInByteOrderSkippingHiddenAndUnsupported() throws {
        let root = try makeTree()
        let (files, problems) = FileWalker().files(under: [FileSystemPath(root)])
        #expect(problems.isEmpty)
        #expect(relative(files, to: root) == ["10.txt", "9.txt", "Z.html", "a.md", "b.txt",
                                               "sub/c.jsonl", "sub/deeper/d.pdf"])
    }

    @Test func allowedFormatsFilterFolders() throws {
        let root = try makeTree()
        let (files, _) = FileWalker(allowedFormats: [.markdown, .jsonl]).files(under: [FileSystemPath(root)])
        #expect(relative(files, to: root) == ["a.md", "sub/c.jsonl"])
    }

    @Test func explicitPathsKeepTheirOrderAndReportProblems() throws {
        let root = try makeTree()
        let given = ["sub", "b.txt", "missing.txt", "sub/e.docx", ".hidden.txt", "notes"].map {
            root.appendingPathComponent($0)
        }
        let (files, problems) = FileWalker().files(under: given.map(FileSystemPath.init))
        #expect(relative(files, to: root) == ["sub/c.jsonl", "sub/deeper/d.pdf", "b.txt", ".hidden.txt"])
        #expect(problems.map(\.path) == ["missing.txt", "sub/e.docx", "notes"].map { root.appendingPathComponent($0).path })
        #expect(problems[0].reason.contains("no such file"))
        #expect(problems[1].reason.contains("unsupported file type"))
        #expect(problems[2].reason.contains("without an extension"))
    }

    @Test func explicitFileOfAnExcludedFormatIsAProblem() throws {
        let root = try makeTree()
        let (files, problems) = FileWalker(allowedFormats: [.text]).files(under: [FileSystemPath(root.appendingPathComponent("a.md"))])
        #expect(files.isEmpty)
        #expect(problems.count == 1)
    }

    @Test func symbolicLinkLoopIsReportedAndTheWalkFinishes() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.write("text", to: "docs/a.txt", in: root)
        try Fixtures.write("text", to: "docs/inner/b.txt", in: root)
        let loop = root.appendingPathComponent("docs/inner/back")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "..")
        let (files, problems) = FileWalker().files(under: [FileSystemPath(root.appendingPathComponent("docs"))])
        #expect(relative(files, to: root) == ["docs/a.txt", "docs/inner/b.txt"])
        #expect(problems.count == 1)
        #expect(problems.first?.path == loop.path)
        #expect(problems.first?.reason.contains("symbolic link loop") == true)
    }

    @Test func linkedFilesAndFoldersAreFollowedAndListedOnce() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.write("text", to: "real/a.txt", in: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tree"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("tree/link").path,
                                                   withDestinationPath: root.appendingPathComponent("real").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("tree/file.txt").path,
                                                   withDestinationPath: root.appendingPathComponent("real/a.txt").path)
        let (files, problems) = FileWalker().files(under: [FileSystemPath(root.appendingPathComponent("tree")),
                                                           FileSystemPath(root.appendingPathComponent("real"))])
        #expect(problems.isEmpty)
        #expect(relative(files, to: root) == ["tree/file.txt"])
    }

    @Test func danglingLinkInsideAFolderIsAProblem() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.write("text", to: "a.txt", in: root)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("b.txt").path,
                                                   withDestinationPath: "missing.txt")
        let (files, problems) = FileWalker().files(under: [FileSystemPath(root)])
        #expect(relative(files, to: root) == ["a.txt"])
        #expect(problems.first?.reason.contains("broken symbolic link") == true)
    }
}
