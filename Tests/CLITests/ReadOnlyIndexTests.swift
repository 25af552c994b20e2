import Foundation
import Testing

/// An index the user may read but not write (a shipped index, another user's folder)
/// answers questions instead of failing with "attempt to write a readonly database",
/// and indexing into it is the user's problem (exit 1) with a message saying what to do.
/// As root every file is writable, so the test then runs `quarry` as `nobody` through
/// `setpriv`; as any other user it makes the folder read-only itself.
@Suite("Read-only index")
struct ReadOnlyIndexTests {
    let quarry: QuarryBinary
    let root: URL
    let folder: URL
    let binary: URL

    init() throws {
        quarry = try QuarryBinary()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-ro-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        folder = root.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("A partial index is built over a subset of a table, defined by a predicate.".utf8)
            .write(to: docs.appendingPathComponent("partial.txt"))
        let index = try quarry.run(["index", "docs", "--index", "ro/index.quarry", "--embedder", "none"], in: root)
        #expect(index.status == 0, "\(index.stderr)")
        try Data("VACUUM reclaims dead tuples.".utf8).write(to: docs.appendingPathComponent("v.txt"))

        // A copy of the binary every user may run, in a folder every user may enter.
        binary = root.appendingPathComponent("quarry")
        try FileManager.default.copyItem(at: quarry.url, to: binary)
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: docs.path)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent("index.quarry").path)
        try manager.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
    }

    /// `quarry arguments…` run in `root` by a user who may not write `ro/`.
    func runWithoutWriteAccess(_ arguments: [String]) throws -> QuarryBinary.Outcome {
        let process = Process()
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = root
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        return try QuarryBinary.outcome(of: process)
    }

    @Test func aReadOnlyIndexAnswers() throws {
        let outcome = try runWithoutWriteAccess([
            "ask", "What is a partial index?", "--index", folder.appendingPathComponent("index.quarry").path,
            "--retriever", "bm25", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect((outcome.json?["answer"] as? String)?.contains("partial index") == true, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.quarry-wal").path))
    }

    /// Guards "internal error: attempt to write a readonly database" (exit 2): indexing
    /// a new file into an index this user may not write is exit 1 with a message that
    /// names the file, says it is read-only and what to do.
    @Test func indexingIntoAReadOnlyIndexIsTheUsersProblem() throws {
        let outcome = try runWithoutWriteAccess([
            "index", "docs", "--index", folder.appendingPathComponent("index.quarry").path, "--embedder", "none",
        ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("index.quarry is read-only for this process"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("give this user write access"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("internal error"), "\(outcome.stderr)")
    }
}
