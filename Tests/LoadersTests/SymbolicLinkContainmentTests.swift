import Foundation
import Loaders
import Testing

/// Symbolic links may not pull files from outside the folders being indexed (a link
/// to /etc/passwd must not be indexed and served) unless the user asks for it.
struct SymbolicLinkContainmentTests {
    private let folder: URL
    private let outside: URL

    /// `docs/a.txt` inside, and `secret/passwd.txt` beside it, outside `docs`.
    init() throws {
        let root = try Fixtures.temporaryFolder()
        folder = root.appendingPathComponent("docs")
        outside = root.appendingPathComponent("secret")
        try Fixtures.write("inside", to: "a.txt", in: folder)
        try Fixtures.write("root:x:0:0", to: "passwd.txt", in: outside)
    }

    private func link(_ name: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(name).path,
                                                   withDestinationPath: target)
    }

    private func names(_ files: [FileSystemPath]) -> [String] {
        files.map { String($0.description.dropFirst(folder.path.count + 1)) }
    }

    @Test func linksToAFileOrFolderOutsideAreReportedAndSkipped() throws {
        try link("passwd.txt", to: outside.appendingPathComponent("passwd.txt").path)
        try link("secrets", to: "../secret")
        let (files, problems) = FileWalker().files(under: [FileSystemPath(folder)])
        #expect(names(files) == ["a.txt"])
        #expect(problems.map(\.path) == ["passwd.txt", "secrets"].map { folder.appendingPathComponent($0).path })
        let realOutside = outside.resolvingSymlinksInPath().path
        #expect(problems.map(\.reason) == [realOutside + "/passwd.txt", realOutside].map {
            "links outside the indexed folder to \($0); skipped. Pass --follow-symlinks to index it"
        })
    }

    @Test func followSymlinksIndexesThem() throws {
        try link("passwd.txt", to: outside.appendingPathComponent("passwd.txt").path)
        try link("secrets", to: "../secret")
        let (files, problems) = FileWalker(followSymlinks: true).files(under: [FileSystemPath(folder)])
        #expect(problems.isEmpty)
        #expect(names(files) == ["a.txt", "passwd.txt"])  // secrets/passwd.txt is the same file, listed once
    }

    @Test func linksInsideTheFolderKeepWorking() throws {
        try Fixtures.write("nested", to: "real/b.md", in: folder)
        try link("alias", to: "real")
        try link("copy.txt", to: folder.appendingPathComponent("a.txt").path)
        let (files, problems) = FileWalker().files(under: [FileSystemPath(folder)])
        #expect(problems.isEmpty)
        #expect(names(files) == ["a.txt", "alias/b.md"])
    }

    @Test func aLinkIntoAnotherGivenPathIsInside() throws {
        try link("passwd.txt", to: outside.appendingPathComponent("passwd.txt").path)
        let (files, problems) = FileWalker().files(under: [FileSystemPath(folder), FileSystemPath(outside)])
        #expect(problems.isEmpty)
        #expect(files.map(\.description) == ["a.txt", "passwd.txt"].map { folder.appendingPathComponent($0).path })
    }

    @Test func aGivenPathThatIsALinkIsTheUsersChoice() throws {
        let given = folder.appendingPathComponent("given.txt")
        try link("given.txt", to: outside.appendingPathComponent("passwd.txt").path)
        let (files, problems) = FileWalker().files(under: [FileSystemPath(given)])
        #expect(problems.isEmpty)
        #expect(files == [FileSystemPath(given)])
    }

    @Test func aPrefixOfTheFolderNameIsNotInsideIt() throws {
        // "docs-private" starts with "docs" but is not inside it.
        try Fixtures.write("private", to: "p.txt", in: folder.deletingLastPathComponent().appendingPathComponent("docs-private"))
        try link("p.txt", to: "../docs-private/p.txt")
        let (files, problems) = FileWalker().files(under: [FileSystemPath(folder)])
        #expect(names(files) == ["a.txt"])
        #expect(problems.count == 1)
    }
}
