import Foundation
import Testing

/// An index the user may read but not write (a shipped index, another user's folder)
/// answers questions instead of failing with "attempt to write a readonly database".
/// As root every file is writable, so the test then runs `quarry` as `nobody` through
/// `setpriv`; as any other user it makes the folder read-only itself.
@Suite("Read-only index")
struct ReadOnlyIndexTests {
    @Test func aReadOnlyIndexAnswers() throws {
        let quarry = try QuarryBinary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-ro-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs"), folder = root.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("A partial index is built over a subset of a table, defined by a predicate.".utf8)
            .write(to: docs.appendingPathComponent("partial.txt"))
        let index = try quarry.run(["index", "docs", "--index", "ro/index.quarry", "--embedder", "none"], in: root)
        #expect(index.status == 0, "\(index.stderr)")

        // A copy of the binary every user may run, in a folder every user may enter.
        let binary = root.appendingPathComponent("quarry")
        try FileManager.default.copyItem(at: quarry.url, to: binary)
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent("index.quarry").path)
        try manager.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }

        let arguments = ["ask", "What is a partial index?", "--index", folder.appendingPathComponent("index.quarry").path,
                         "--retriever", "bm25", "--json"]
        let process = Process()
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        let json = try JSONSerialization.jsonObject(with: stdout) as? [String: Any]
        #expect((json?["answer"] as? String)?.contains("partial index") == true, "\(stderr)")
        #expect(!manager.fileExists(atPath: folder.appendingPathComponent("index.quarry-wal").path))
    }
}
